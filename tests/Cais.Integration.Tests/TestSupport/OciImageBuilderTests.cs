using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Cais.Common;
using Cais.Oci.Image;
using Cais.TestSupport;

namespace Cais.Integration.Tests.TestSupport;

public sealed class OciImageBuilderTests
{
    [Fact]
    public async Task Published_busybox_is_readable_by_skopeo_with_our_digests()
    {
        Requires.Root("docker-registry", "skopeo");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var registry = await TestRegistry.StartAsync(cts.Token);
        var repo = TestNames.For(nameof(Published_busybox_is_readable_by_skopeo_with_our_digests));

        var published = await TestImages.Busybox().PublishAsync(registry.Host, $"{repo}:v1", cts.Token);

        using var inspect = await SkopeoJsonAsync(cts.Token, "inspect", "--tls-verify=false", $"docker://{published.Reference}");
        var root = inspect.RootElement;
        Assert.Equal(published.Digest.ToString(), root.GetProperty("Digest").GetString());
        Assert.Equal(published.Layers.Select(l => l.Digest.ToString()), root.GetProperty("Layers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Platform.Host.Architecture, root.GetProperty("Architecture").GetString());
        Assert.Contains(TestImages.DefaultPath, root.GetProperty("Env").EnumerateArray().Select(e => e.GetString()));

        using var config = await SkopeoJsonAsync(cts.Token, "inspect", "--tls-verify=false", "--config", $"docker://{published.Reference}");
        Assert.Equal(
            published.Layers.Select(l => l.DiffId.ToString()),
            config.RootElement.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["sh"], config.RootElement.GetProperty("config").GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()));

        using var raw = await SkopeoJsonAsync(cts.Token, "inspect", "--tls-verify=false", "--raw", $"docker://{published.Reference}");
        Assert.Equal(MediaTypes.OciManifest, raw.RootElement.GetProperty("mediaType").GetString());
        var layer = raw.RootElement.GetProperty("layers")[0];
        Assert.Equal(MediaTypes.OciLayerGzip, layer.GetProperty("mediaType").GetString());
        Assert.Equal(published.Layers[0].Size, layer.GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task Busybox_layer_has_the_promised_tree_and_diff_id()
    {
        using var dir = new TempDirectory();
        var built = await TestImages.Busybox().WriteOciLayoutAsync(dir.Path, "bb", CancellationToken.None);
        var layer = built.Layers.Single();
        var entries = await ReadLayerAsync(dir.Path, layer);

        Assert.Equal(await File.ReadAllBytesAsync("/bin/busybox"), entries["bin/busybox"].Data);
        Assert.Equal(Perm.Octal(755), entries["bin/busybox"].Mode);
        Assert.Equal(TarEntryType.SymbolicLink, entries["bin/sh"].Type);
        Assert.Equal("busybox", entries["bin/sh"].LinkName);
        Assert.Equal(TarEntryType.SymbolicLink, entries["bin/["].Type);
        Assert.Equal(Perm.Octal(1777), entries["tmp/"].Mode);
        Assert.Equal(Perm.Octal(700), entries["root/"].Mode);
        Assert.Contains("home/", entries.Keys);
        Assert.Contains("var/", entries.Keys);
        Assert.DoesNotContain("etc/hostname", entries.Keys);
        Assert.StartsWith("root:x:0:0:root:/root:/bin/sh\n", System.Text.Encoding.UTF8.GetString(entries["etc/passwd"].Data), StringComparison.Ordinal);
        Assert.Contains("nogroup:x:65534:", System.Text.Encoding.UTF8.GetString(entries["etc/group"].Data), StringComparison.Ordinal);
        Assert.All(entries.Values, e => Assert.Equal(TarEntryFormat.Pax, e.Format));
    }

    [Fact]
    public async Task Whiteout_layers_carry_wh_entries_and_an_opaque_marker()
    {
        using var dir = new TempDirectory();
        var built = await TestImages.MultiLayerWithWhiteouts().WriteOciLayoutAsync(dir.Path, "wh", CancellationToken.None);
        Assert.Equal(3, built.Layers.Count);
        var second = await ReadLayerAsync(dir.Path, built.Layers[1]);
        Assert.Equal(["data/", "data/a", "data/b", "data/dir/", "data/dir/x"], second.Keys.Order(StringComparer.Ordinal));
        var third = await ReadLayerAsync(dir.Path, built.Layers[2]);
        Assert.Equal(["data/", "data/.wh.a", "data/dir/", "data/dir/.wh..wh..opq", "data/dir/y"], third.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(TarEntryType.RegularFile, third["data/.wh.a"].Type);
    }

    [Fact]
    public async Task Zstd_and_uncompressed_layers_get_their_media_types_and_correct_diff_ids()
    {
        using var dir = new TempDirectory();
        var image = TestImages.ZstdBusybox();
        image.AddLayer(LayerCompression.None).AddFile("/plain", "plain\n");
        var built = await image.WriteOciLayoutAsync(dir.Path, "z", CancellationToken.None);
        Assert.Equal([MediaTypes.OciLayerZstd, MediaTypes.OciLayerZstd, MediaTypes.OciLayer], built.Layers.Select(l => l.MediaType));
        var marker = await ReadLayerAsync(dir.Path, built.Layers[1]);
        Assert.Equal("zstd\n", System.Text.Encoding.UTF8.GetString(marker["zstd-marker"].Data));
        var plain = built.Layers[2];
        Assert.Equal(plain.Digest, plain.DiffId);
        Assert.Equal(plain.Size, plain.UncompressedSize);
    }

    [Fact]
    public async Task Oci_layout_names_images_by_ref_name_and_is_reproducible()
    {
        using var dir = new TempDirectory();
        var first = await TestImages.Busybox().WriteOciLayoutAsync(dir.Path, "a", CancellationToken.None);
        var again = await TestImages.Busybox().WriteOciLayoutAsync(dir.Path, "a", CancellationToken.None);
        var other = new OciImageBuilder();
        other.AddLayer().AddFile("/x", "x");
        var second = await other.WriteOciLayoutAsync(dir.Path, "b", CancellationToken.None);

        Assert.Equal(first.Digest, again.Digest);
        Assert.Equal("{\"imageLayoutVersion\":\"1.0.0\"}", await File.ReadAllTextAsync(Path.Combine(dir.Path, "oci-layout")));
        using var index = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(dir.Path, "index.json")));
        var manifests = index.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        Assert.Equal(2, manifests.Count);
        Assert.Equal(
            [("a", first.Digest.ToString()), ("b", second.Digest.ToString())],
            manifests.Select(m => (m.GetProperty("annotations").GetProperty(OciImageBuilder.RefNameAnnotation).GetString(), m.GetProperty("digest").GetString())));
        foreach (var blob in Directory.GetFiles(Path.Combine(dir.Path, "blobs", "sha256")))
        {
            await using var stream = File.OpenRead(blob);
            Assert.Equal(Path.GetFileName(blob), (await Digest.ComputeAsync(stream, CancellationToken.None)).Hex);
        }
    }

    [Fact]
    public async Task Large_layer_is_incompressible_and_reproducible()
    {
        using var dir = new TempDirectory();
        var a = await TestImages.LargeLayer(3).WriteOciLayoutAsync(dir.Path, "l", CancellationToken.None);
        var b = await TestImages.LargeLayer(3).WriteOciLayoutAsync(dir.Path, "l", CancellationToken.None);
        Assert.Equal(a.Digest, b.Digest);
        var large = a.Layers[^1];
        Assert.True(large.Size > 3 * 1024 * 1024, $"random layer compressed to {large.Size} bytes");
        var entries = await ReadLayerAsync(dir.Path, large);
        Assert.Equal(3 * 1024 * 1024, entries["large.bin"].Data.Length);
    }

    [Fact]
    public async Task Multi_platform_index_lists_both_platforms_and_skopeo_picks_the_host_one()
    {
        Requires.Root("docker-registry", "skopeo");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var registry = await TestRegistry.StartAsync(cts.Token);
        var repo = TestNames.For("multi-platform");
        var published = await TestImages.MultiPlatform().PublishAsync(registry.Host, $"{repo}:multi", cts.Token);
        Assert.True(published.Image.IsIndex);

        using var raw = await SkopeoJsonAsync(cts.Token, "inspect", "--tls-verify=false", "--raw", $"docker://{published.Reference}");
        Assert.Equal(MediaTypes.OciIndex, raw.RootElement.GetProperty("mediaType").GetString());
        var platforms = raw.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(m => $"{m.GetProperty("platform").GetProperty("os").GetString()}/{m.GetProperty("platform").GetProperty("architecture").GetString()}")
            .ToList();
        Assert.Equal(["linux/amd64", "linux/arm64"], platforms);
        Assert.Equal(
            published.Image.Manifests.Select(m => m.Digest.ToString()),
            raw.RootElement.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("digest").GetString()));

        using var host = await SkopeoJsonAsync(cts.Token, "inspect", "--tls-verify=false", $"docker://{published.Reference}");
        Assert.Equal(Platform.Host.Architecture, host.RootElement.GetProperty("Architecture").GetString());
        Assert.Equal(published.Digest.ToString(), host.RootElement.GetProperty("Digest").GetString());
        Assert.Equal(
            published.Image.For(Platform.Host).Layers.Select(l => l.Digest.ToString()),
            host.RootElement.GetProperty("Layers").EnumerateArray().Select(e => e.GetString()));

        using var arm = await SkopeoJsonAsync(cts.Token, "inspect", "--tls-verify=false", "--raw", $"docker://{published.Host}/{repo}@{published.Image.For(new Platform { Os = "linux", Architecture = "arm64" }).Digest}");
        Assert.Single(arm.RootElement.GetProperty("layers").EnumerateArray());
    }

    [Fact]
    public async Task Docker_schema2_images_and_lists_keep_docker_media_types_in_the_registry()
    {
        Requires.Root("docker-registry", "skopeo");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var registry = await TestRegistry.StartAsync(cts.Token);
        var repo = TestNames.For("docker-schema2");

        var single = await TestImages.Busybox(format: ManifestFormat.Docker).PublishAsync(registry.Host, $"{repo}:single", cts.Token);
        using var manifest = await SkopeoJsonAsync(cts.Token, "inspect", "--tls-verify=false", "--raw", $"docker://{single.Reference}");
        Assert.Equal(MediaTypes.DockerManifest, manifest.RootElement.GetProperty("mediaType").GetString());
        Assert.Equal(MediaTypes.DockerConfig, manifest.RootElement.GetProperty("config").GetProperty("mediaType").GetString());
        Assert.Equal(MediaTypes.DockerLayerGzip, manifest.RootElement.GetProperty("layers")[0].GetProperty("mediaType").GetString());

        var list = await TestImages.MultiPlatform(ManifestFormat.Docker).PublishAsync(registry.Host, $"{repo}:list", cts.Token);
        using var index = await SkopeoJsonAsync(cts.Token, "inspect", "--tls-verify=false", "--raw", $"docker://{list.Reference}");
        Assert.Equal(MediaTypes.DockerManifestList, index.RootElement.GetProperty("mediaType").GetString());
    }

    internal static async Task<JsonDocument> SkopeoJsonAsync(CancellationToken ct, params string[] args)
    {
        var result = await ExternalTool.RunCheckedAsync("skopeo", ["--insecure-policy", .. args], ct);
        return JsonDocument.Parse(result.Stdout);
    }

    internal sealed record TarItem(TarEntryType Type, UnixFileMode Mode, string LinkName, byte[] Data, TarEntryFormat Format);

    /// <summary>Reads a layer blob from a layout, checking its digest and diff ID on the way.</summary>
    internal static async Task<Dictionary<string, TarItem>> ReadLayerAsync(string layout, BuiltLayer layer)
    {
        var blob = await File.ReadAllBytesAsync(Path.Combine(layout, "blobs", "sha256", layer.Digest.Hex));
        Assert.Equal(layer.Digest, Digest.Compute(blob));
        Assert.Equal(layer.Size, blob.Length);
        using var compressed = new MemoryStream(blob);
        using Stream plain = layer.Compression switch
        {
            LayerCompression.Gzip => new GZipStream(compressed, CompressionMode.Decompress),
            LayerCompression.Zstd => new ZstdSharp.DecompressionStream(compressed),
            _ => compressed,
        };
        using var tar = new MemoryStream();
        await plain.CopyToAsync(tar);
        Assert.Equal(layer.DiffId, Digest.Compute(tar.ToArray()));
        tar.Position = 0;
        var entries = new Dictionary<string, TarItem>(StringComparer.Ordinal);
        using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            var data = Array.Empty<byte>();
            if (entry.DataStream is not null)
            {
                using var content = new MemoryStream();
                await entry.DataStream.CopyToAsync(content);
                data = content.ToArray();
            }

            entries.Add(entry.Name, new TarItem(entry.EntryType, entry.Mode, entry.LinkName, data, entry.Format));
        }

        return entries;
    }
}
