using System.Globalization;
using System.Text.RegularExpressions;
using Cais.Oci.Image;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Images;

/// <summary>Pulls of well-formed images in every supported shape, then runs them with the published cais binary.</summary>
public sealed partial class PullAndRunTests(ImageRegistryFixture fixture) : IClassFixture<ImageRegistryFixture>
{
    [Theory]
    [InlineData(ManifestFormat.Oci)]
    [InlineData(ManifestFormat.Docker)]
    public async Task Pulled_busybox_is_listed_inspected_and_runs(ManifestFormat format)
    {
        var image = await fixture.PublishAsync("busybox-" + format, () => TestImages.Busybox(format: format));
        Assert.Equal(format == ManifestFormat.Docker ? MediaTypes.DockerManifest : MediaTypes.OciManifest, image.MediaType);
        await using var cli = new CaisCli();

        var pull = await cli.OkAsync("pull", image.Reference);
        Assert.Contains("Digest: " + image.Digest, pull, StringComparison.Ordinal);
        Assert.Contains("Status: Downloaded newer image for " + image.Reference, pull, StringComparison.Ordinal);
        Assert.EndsWith(image.Reference, pull, StringComparison.Ordinal);

        var rows = TableRows(await cli.OkAsync("images"));
        Assert.Equal(["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"], rows[0]);
        var row = Assert.Single(rows.Skip(1));
        Assert.Equal($"{image.Host}/{image.Repository}", row[0]);
        Assert.Equal("latest", row[1]);
        Assert.Equal(image.Image.Manifest.ConfigDigest.Hex[..12], row[2]);
        // The busybox binary dominates the unpacked size; the other files are a few hundred bytes.
        var size = ParseHumanSize(row[4]);
        var busybox = new FileInfo(TestImages.BusyboxHostPath).Length;
        Assert.InRange(size, busybox * 0.99, busybox * 1.01 + 10_000);

        Assert.Equal($"linux/{Platform.Host.Architecture}", await cli.OkAsync("image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", image.Reference));
        Assert.Equal("hi", await cli.OkAsync("run", "--rm", image.Reference, "echo", "hi"));
        Assert.Empty(await cli.OkAsync("ps", "-aq"));
    }

    [Fact]
    public async Task Image_written_by_umoci_runs_and_its_whiteout_hides_the_deleted_file()
    {
        var pushed = await UmociImages.PublishBusyboxAsync(fixture.Host, TestNames.For("umoci") + ":v1", CancellationToken.None);
        await using var cli = new CaisCli();
        var pull = await cli.OkAsync("pull", pushed.Reference);
        Assert.Contains("Digest: " + pushed.Digest, pull, StringComparison.Ordinal);

        Assert.Equal("hi", await cli.OkAsync("run", "--rm", pushed.Reference, "echo", "hi"));
        var ls = await cli.RunAsync("run", "--rm", pushed.Reference, "ls", UmociImages.RemovedPath);
        Assert.NotEqual(0, ls.ExitCode);
        Assert.Contains("No such file or directory", ls.Stderr, StringComparison.Ordinal);
        // The rest of the layer that held the file is still there, and no whiteout marker leaks into the tree.
        Assert.StartsWith("root:x:0:0:", await cli.OkAsync("run", "--rm", pushed.Reference, "cat", "/etc/passwd"), StringComparison.Ordinal);
        Assert.Equal("0", await cli.OkAsync("run", "--rm", pushed.Reference, "sh", "-c", "ls -a /etc | grep -c '^\\.wh\\.' || true"));
    }

    [Theory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public async Task Whiteouts_and_opaque_directories_of_later_layers_apply(string driver)
    {
        var image = await fixture.PublishAsync("whiteouts", () => TestImages.MultiLayerWithWhiteouts());
        await using var cli = new CaisCli();
        // The driver is chosen when the state root is first used; the two apply whiteouts in entirely different ways.
        var pull = await cli.RunAsync(["pull", "-q", image.Reference], null, TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["CAIS_STORAGE_DRIVER"] = driver });
        Assert.True(pull.ExitCode == 0, pull.ToString());
        Assert.Equal(driver, File.ReadAllText(Path.Combine(cli.Root, "storage", "driver")).Trim());

        var script = "ls -a /data; echo --; ls -a /data/dir; echo --; cat /data/b /data/dir/y; "
            + "test -e /data/a && echo a-present; test -e /data/dir/x && echo x-present; echo end";
        var output = await cli.OkAsync("run", "--rm", image.Reference, "sh", "-c", script);
        Assert.Equal(".\n..\nb\ndir\n--\n.\n..\ny\n--\nb\ny\nend", output);

        var missing = await cli.RunAsync("run", "--rm", image.Reference, "cat", "/data/a");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("No such file or directory", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Multi_platform_index_picks_the_host_platform_or_the_requested_one()
    {
        var index = await fixture.PublishAsync("multiplatform", () => TestImages.MultiPlatform());
        Assert.True(index.Image.IsIndex);
        await using var cli = new CaisCli();

        var pull = await cli.OkAsync("pull", index.Reference);
        // Docker reports the index digest, the one a user pins for every platform.
        Assert.Contains("Digest: " + index.Digest, pull, StringComparison.Ordinal);
        Assert.Equal(Platform.Host.Architecture, await cli.OkAsync("run", "--rm", index.Reference, "cat", "/arch"));
        var hostConfig = index.Image.For(new Platform { Os = "linux", Architecture = Platform.Host.Architecture }).ConfigDigest;
        Assert.Equal(hostConfig.ToString(), await cli.OkAsync("image", "inspect", "--format", "{{.Id}}", index.Reference));

        var foreign = Platform.Host.Architecture == "arm64" ? "amd64" : "arm64";
        await cli.OkAsync("pull", "--platform", "linux/" + foreign, index.Reference);
        Assert.Equal($"linux/{foreign}", await cli.OkAsync("image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", index.Reference));
        var foreignConfig = index.Image.For(new Platform { Os = "linux", Architecture = foreign }).ConfigDigest;
        Assert.Equal(foreignConfig.ToString(), await cli.OkAsync("image", "inspect", "--format", "{{.Id}}", index.Reference));

        var none = await cli.RunAsync("pull", "--platform", "linux/riscv64", index.Reference);
        Assert.NotEqual(0, none.ExitCode);
        Assert.Contains("no matching manifest for linux/riscv64 in the manifest list entries", none.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_without_the_host_platform_fails_with_dockers_message_and_stores_nothing()
    {
        var index = await fixture.PublishAsync("foreign-only", () =>
        {
            var builder = new OciImageBuilder();
            foreach (var arch in new[] { "s390x", "ppc64le" })
            {
                var image = new OciImageBuilder(new Platform { Os = "linux", Architecture = arch });
                image.AddLayer().AddFile("/arch", arch);
                builder.AddPlatform(image);
            }

            return builder;
        });
        await using var cli = new CaisCli();

        var result = await cli.RunAsync("pull", index.Reference);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"no matching manifest for linux/{Platform.Host.Architecture} in the manifest list entries", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(await cli.OkAsync("images", "-q"));
        var state = StoreState.Of(cli);
        Assert.True(state.IsEmpty, state.ToString());
    }

    [Fact]
    public async Task Zstd_layers_pull_and_run()
    {
        var image = await fixture.PublishAsync("zstd", TestImages.ZstdBusybox);
        Assert.All(image.Layers, l => Assert.Equal(MediaTypes.OciLayerZstd, l.MediaType));
        await using var cli = new CaisCli();
        await cli.OkAsync("pull", image.Reference);
        Assert.Equal("zstd", await cli.OkAsync("run", "--rm", image.Reference, "cat", "/zstd-marker"));
    }

    [Fact]
    public async Task Uncompressed_layers_pull_and_run()
    {
        var image = await fixture.PublishAsync("uncompressed", () =>
        {
            var builder = TestImages.Busybox(LayerCompression.None);
            builder.AddLayer(LayerCompression.None, "marker").AddFile("/plain-marker", "plain\n");
            return builder;
        });
        Assert.All(image.Layers, l => Assert.Equal(MediaTypes.OciLayer, l.MediaType));
        await using var cli = new CaisCli();
        await cli.OkAsync("pull", image.Reference);
        Assert.Equal("plain", await cli.OkAsync("run", "--rm", image.Reference, "cat", "/plain-marker"));
    }

    [Theory]
    [InlineData("Busybox:UPPER")]
    [InlineData("a@sha256:zz")]
    [InlineData("busybox:bad tag")]
    public async Task Invalid_references_are_refused(string reference)
    {
        await using var cli = new CaisCli();
        var result = await cli.RunAsync("pull", reference);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("invalid reference format", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Quiet_pull_and_images_output_modes()
    {
        var image = await fixture.PublishAsync("busybox-" + ManifestFormat.Oci, () => TestImages.Busybox());
        await using var cli = new CaisCli();

        Assert.Equal(image.Reference, await cli.OkAsync("pull", "-q", image.Reference));
        var shortId = image.Image.Manifest.ConfigDigest.Hex[..12];
        Assert.Equal(shortId, await cli.OkAsync("images", "-q"));
        Assert.Equal(image.Image.Manifest.ConfigDigest.ToString(), await cli.OkAsync("images", "-q", "--no-trunc"));
        Assert.Equal($"{image.Host}/{image.Repository}:latest", await cli.OkAsync("images", "--format", "{{.Repository}}:{{.Tag}}"));

        var rows = TableRows(await cli.OkAsync("images", "--digests"));
        Assert.Equal(["REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE"], rows[0]);
        var row = Assert.Single(rows.Skip(1));
        Assert.Equal([$"{image.Host}/{image.Repository}", "latest", image.Digest.ToString(), shortId], row.Take(4));

        // By digest: the same image, recorded under its digest name.
        Assert.Equal(image.DigestReference, await cli.OkAsync("pull", "-q", image.DigestReference));
        Assert.Equal(image.Image.Manifest.ConfigDigest.ToString(), await cli.OkAsync("image", "inspect", "--format", "{{.Id}}", image.DigestReference));
        Assert.Equal(shortId, await cli.OkAsync("images", "-q"));

        // A second pull of an unchanged image says so and prints the same reference.
        var again = await cli.OkAsync("pull", image.Reference);
        Assert.Contains("Status: Image is up to date for " + image.Reference, again, StringComparison.Ordinal);
    }

    /// <summary>Splits a table on runs of 2+ spaces (columns are padded; "2 years ago" has single spaces).</summary>
    internal static List<string[]> TableRows(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => ColumnGap().Split(l.Trim())).ToList();

    private static double ParseHumanSize(string text)
    {
        var match = HumanSizePattern().Match(text);
        Assert.True(match.Success, $"\"{text}\" is not a size");
        var factor = match.Groups[2].Value switch
        {
            "B" => 1d,
            "kB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            _ => throw new InvalidOperationException(text),
        };
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * factor;
    }

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex ColumnGap();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(B|kB|MB|GB)$")]
    private static partial Regex HumanSizePattern();
}
