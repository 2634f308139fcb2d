using System.Text.Json.Nodes;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Images;

/// <summary>
/// Hostile registry content: every case serves a busybox image with one document broken (not JSON, wrong types,
/// lying descriptors, wrong media types, bad blobs). <c>cais pull</c> must fail with exit 1 and <c>cais run</c> with
/// 125, each with a one-line error and never a crash (exit 134, "Unhandled exception", a stack trace), and leave
/// nothing in the store: no image, blob, ingest or layer.
/// </summary>
public sealed class MalformedRegistryTests : IAsyncLifetime
{
    private static readonly Dictionary<string, MalformedImage> Cases = new MalformedImage[]
    {
        new("config-not-json") { Config = _ => "this is not json{" },
        new("config-null") { Config = _ => "null" },
        new("config-array") { Config = _ => "[1,2]" },
        new("config-env-number") { Config = c => Edit(c, x => x["config"]!["Env"] = 5) },
        new("config-env-object") { Config = c => Edit(c, x => x["config"]!["Env"] = new JsonObject { ["A"] = "1" }) },
        new("config-config-string") { Config = c => Edit(c, x => x["config"] = "x") },
        new("config-cmd-number") { Config = c => Edit(c, x => x["config"]!["Cmd"] = 1) },
        new("config-created-not-a-date") { Config = c => Edit(c, x => x["created"] = "yesterday") },
        new("config-rootfs-null") { Config = c => Edit(c, x => x["rootfs"] = null) },
        new("config-rootfs-string") { Config = c => Edit(c, x => x["rootfs"] = "layers") },
        new("config-diff-ids-string") { Config = c => Edit(c, x => x["rootfs"]!["diff_ids"] = "x") },
        new("config-diff-ids-null") { Config = c => Edit(c, x => x["rootfs"]!["diff_ids"] = null) },
        new("config-diff-id-null-entry") { Config = c => Edit(c, x => x["rootfs"]!["diff_ids"] = new JsonArray((JsonNode?)null)) },
        new("config-diff-id-not-a-digest") { Config = c => Edit(c, x => x["rootfs"]!["diff_ids"] = new JsonArray("sha256:zz")) },
        new("config-diff-ids-missing-one") { Config = c => Edit(c, x => x["rootfs"]!["diff_ids"] = new JsonArray()) },
        new("config-architecture-number") { Config = c => Edit(c, x => x["architecture"] = 64) },
        new("manifest-not-json") { ManifestText = _ => "<html>oops</html>" },
        new("manifest-null") { ManifestText = _ => "null" },
        new("manifest-layers-string") { Manifest = m => m["layers"] = "x" },
        new("manifest-layers-null") { Manifest = m => m["layers"] = null },
        new("manifest-layer-null-entry") { Manifest = m => m["layers"] = new JsonArray((JsonNode?)null) },
        new("manifest-config-null") { Manifest = m => m["config"] = null },
        new("manifest-config-string") { Manifest = m => m["config"] = "x" },
        new("manifest-config-size-negative") { Manifest = m => m["config"]!["size"] = -1 },
        new("manifest-config-size-string") { Manifest = m => m["config"]!["size"] = "12" },
        new("manifest-config-digest-null") { Manifest = m => m["config"]!["digest"] = null },
        new("manifest-config-digest-md5") { Manifest = m => m["config"]!["digest"] = "md5:d41d8cd98f00b204e9800998ecf8427e" },
        new("manifest-layer-size-negative") { Manifest = m => m["layers"]![0]!["size"] = -5 },
        new("manifest-layer-size-min") { Manifest = m => m["layers"]![0]!["size"] = long.MinValue },
        new("manifest-layer-size-absurd") { Manifest = m => m["layers"]![0]!["size"] = long.MaxValue },
        new("manifest-layer-size-float") { Manifest = m => m["layers"]![0]!["size"] = 1.5 },
        new("manifest-layer-size-too-small") { Manifest = m => m["layers"]![0]!["size"] = 10 },
        new("manifest-layer-digest-null") { Manifest = m => m["layers"]![0]!["digest"] = null },
        new("manifest-layer-digest-garbage") { Manifest = m => m["layers"]![0]!["digest"] = "sha256:../../etc" },
        new("manifest-media-type-unknown") { ManifestContentType = "application/vnd.example.unknown+json" },
        new("manifest-media-type-is-index") { Manifest = m => m["mediaType"] = "application/vnd.oci.image.index.v1+json", ManifestContentType = "application/vnd.oci.image.index.v1+json" },
        new("index-manifests-string") { Index = i => i["manifests"] = "x" },
        new("index-manifests-null-entry") { Index = i => i["manifests"] = new JsonArray((JsonNode?)null) },
        new("index-entry-size-negative") { Index = i => i["manifests"]![0]!["size"] = -1 },
        new("index-entry-platform-string") { Index = i => i["manifests"]![0]!["platform"] = "linux/amd64" },
        new("index-entry-digest-number") { Index = i => i["manifests"]![0]!["digest"] = 7 },
        new("layer-truncated") { Layer = blob => CannedResponse.Bytes(blob[..(blob.Length / 2)]) },
        new("layer-cut-connection") { KeepsPartialDownload = true, Layer = blob => CannedResponse.Bytes(blob[..(blob.Length / 2)], contentLength: blob.Length) },
        new("layer-garbage") { Layer = blob => CannedResponse.Bytes(Enumerable.Repeat((byte)0x5A, blob.Length).ToArray()) },
        new("layer-gzip-garbage") { Layer = blob => CannedResponse.Bytes([0x1F, 0x8B, .. Enumerable.Repeat((byte)0x00, blob.Length - 2)]) },
        new("layer-empty") { Layer = _ => CannedResponse.Bytes([]) },
        new("layer-not-found") { Layer = _ => new CannedResponse(404, "application/json", "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}"u8.ToArray()) },
        new("layer-server-error") { Layer = _ => new CannedResponse(500, "text/html", "<h1>boom</h1>"u8.ToArray()) },
    }.ToDictionary(c => c.Name, StringComparer.Ordinal);

    private readonly TempDirectory _blobs = new("cais-malformed");
    private CannedRegistry? _registry;
    private string _configJson = "";
    private string _manifestJson = "";
    private byte[] _layer = [];
    private string _layerDigest = "";

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    public async Task InitializeAsync()
    {
        Requires.Root("runc", "conmon");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var image = await TestImages.Busybox().WriteBlobsAsync(_blobs.Path, cts.Token);
        _configJson = await File.ReadAllTextAsync(_blobs.Combine(image.Manifest.ConfigDigest.Hex), cts.Token);
        _manifestJson = await File.ReadAllTextAsync(_blobs.Combine(image.Manifest.Digest.Hex), cts.Token);
        _layerDigest = image.Layers[0].Digest.ToString();
        _layer = await File.ReadAllBytesAsync(_blobs.Combine(image.Layers[0].Digest.Hex), cts.Token);
        _registry = CannedRegistry.Start();
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        _blobs.Dispose();
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Malformed_content_fails_pull_and_run_with_one_line_and_leaves_nothing(string name)
    {
        var repository = "malformed/" + name;
        Cases[name].ServeOn(_registry!, repository, _configJson, _manifestJson, _layer, _layerDigest);
        var reference = $"{_registry!.Host}/{repository}:latest";
        await using var cli = new CaisCli();

        var pull = await cli.RunAsync("pull", reference);
        AssertOneLineError(pull, 1, "Error");
        await AssertNothingStoredAsync(cli, Cases[name]);

        var run = await cli.RunAsync("run", "--rm", "--network", "none", reference, "true");
        AssertOneLineError(run, 125, "cais: ");
        await AssertNothingStoredAsync(cli, Cases[name]);
    }

    /// <summary>The valid image these cases break pulls and runs, so each failure is the broken document's.</summary>
    [Fact]
    public async Task Unbroken_image_pulls_and_runs()
    {
        new MalformedImage("valid").ServeOn(_registry!, "malformed/valid", _configJson, _manifestJson, _layer, _layerDigest);
        await using var cli = new CaisCli();

        await cli.OkAsync("pull", $"{_registry!.Host}/malformed/valid:latest");
        Assert.Equal("ok", await cli.OkAsync("run", "--rm", "--network", "none", $"{_registry.Host}/malformed/valid:latest", "echo", "ok"));
    }

    /// <summary>
    /// ENOSPC on the pull's worker threads (ingest writes, layer extraction): one line saying the disk is full, and a
    /// consistent store: no blob, partial download, layer or image record left, and a pull with room succeeds.
    /// </summary>
    [Fact]
    public async Task Full_disk_during_pull_fails_with_one_line_and_leaves_the_store_consistent()
    {
        new MalformedImage("valid").ServeOn(_registry!, "malformed/full-disk", _configJson, _manifestJson, _layer, _layerDigest);
        var reference = $"{_registry!.Host}/malformed/full-disk:latest";
        await using var cli = new CaisCli();
        Directory.CreateDirectory(cli.Root);
        // Room for the database and the compressed layer, not for the unpacked one as well.
        var mount = await ExternalTool.RunAsync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", cli.Root], CancellationToken.None);
        Assert.True(mount.ExitCode == 0, mount.ToString());
        try
        {
            var pull = await cli.RunAsync("pull", reference);
            AssertOneLineError(pull, 1, "Error");
            Assert.Contains("no space left on device", pull.Stderr, StringComparison.Ordinal);
            await AssertNothingStoredAsync(cli, new MalformedImage("full-disk"));

            var run = await cli.RunAsync("run", "--rm", "--network", "none", reference, "true");
            AssertOneLineError(run, 125, "cais: ");
            Assert.Contains("no space left on device", run.Stderr, StringComparison.Ordinal);
            await AssertNothingStoredAsync(cli, new MalformedImage("full-disk"));
        }
        finally
        {
            var umount = await ExternalTool.RunAsync("umount", [cli.Root], CancellationToken.None);
            Assert.True(umount.ExitCode == 0, umount.ToString());
        }

        await cli.OkAsync("pull", reference);
    }

    /// <summary>
    /// 100 000 Env entries once cost over a minute of CPU before the run failed (Cais's own quadratic merge, then runc
    /// setting the variables one by one) with "exec /bin/true: argument list too long" and exit 1. The environment is
    /// now built in linear time and checked against the kernel's execve bound before anything starts.
    /// </summary>
    [Fact]
    public async Task Huge_image_environment_fails_fast_with_a_clear_error()
    {
        var image = new MalformedImage("huge-env")
        {
            Config = c => Edit(c, x => x["config"]!["Env"] = new JsonArray(Enumerable.Range(0, 100_000).Select(i => (JsonNode?)JsonValue.Create($"VARIABLE_{i}=value_{i}")).ToArray())),
        };
        image.ServeOn(_registry!, "malformed/huge-env", _configJson, _manifestJson, _layer, _layerDigest);
        var reference = $"{_registry!.Host}/malformed/huge-env:latest";
        await using var cli = new CaisCli();
        await cli.OkAsync("pull", reference);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = await cli.RunAsync("run", "--rm", "--network", "none", reference, "true");
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"run took {clock.Elapsed}: {run}");
        AssertOneLineError(run, 125, "cais: ");
        Assert.Contains("argument list too long", run.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await cli.OkAsync("ps", "-aq"));
    }

    internal static void AssertOneLineError(CaisResult result, int exitCode, string errorStart)
    {
        Assert.False(result.Stderr.Contains("Unhandled exception", StringComparison.Ordinal) || result.Stderr.Contains("   at ", StringComparison.Ordinal), result.ToString());
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}: {result}");
        // run shows its pull's progress on stderr first (as Docker does); the error is the last line, and only that
        // line says so.
        var lines = result.Stderr.TrimEnd('\n').Split('\n');
        Assert.True(lines[^1].StartsWith(errorStart, StringComparison.Ordinal) && lines[^1].Length > errorStart.Length + 10, result.ToString());
        Assert.True(lines.Count(l => l.Contains("Error", StringComparison.Ordinal)) == 1, result.ToString());
    }

    private static async Task AssertNothingStoredAsync(CaisCli cli, MalformedImage image)
    {
        Assert.Empty(await cli.OkAsync("images", "-aq"));
        var state = StoreState.Of(cli);
        // A connection cut mid-blob is the one failure whose partial download is kept, for the next pull to resume.
        var ingests = image.KeepsPartialDownload ? [] : state.Ingests;
        Assert.True(state.Blobs.Count == 0 && ingests.Count == 0 && state.Layers.Count == 0, state.ToString());
    }

    private static string Edit(JsonObject config, Action<JsonObject> edit)
    {
        edit(config);
        return config.ToJsonString();
    }
}
