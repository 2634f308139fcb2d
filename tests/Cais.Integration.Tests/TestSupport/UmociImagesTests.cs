using Cais.TestSupport;

namespace Cais.Integration.Tests.TestSupport;

public sealed class UmociImagesTests
{
    [Fact]
    public async Task Umoci_built_busybox_is_inspectable_and_has_a_whiteout_layer()
    {
        Requires.Root("docker-registry", "skopeo", "umoci", "bash");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var registry = await TestRegistry.StartAsync(cts.Token);
        var repo = TestNames.For("umoci");

        var pushed = await UmociImages.PublishBusyboxAsync(registry.Host, $"{repo}:v1", cts.Token);

        using var inspect = await OciImageBuilderTests.SkopeoJsonAsync(cts.Token, "inspect", "--tls-verify=false", $"docker://{pushed.Reference}");
        Assert.Equal(pushed.Digest.ToString(), inspect.RootElement.GetProperty("Digest").GetString());
        var layers = inspect.RootElement.GetProperty("Layers").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(2, layers.Count);

        using var http = new HttpClient();
        var blob = await http.GetByteArrayAsync(new Uri(registry.BaseUri, $"v2/{repo}/blobs/{layers[1]}"), cts.Token);
        using var gz = new System.IO.Compression.GZipStream(new MemoryStream(blob), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new System.Formats.Tar.TarReader(gz);
        var names = new List<string>();
        while (await reader.GetNextEntryAsync(cancellationToken: cts.Token) is { } entry)
        {
            names.Add(entry.Name);
        }

        Assert.Contains("etc/.wh.removed-later", names);
    }
}
