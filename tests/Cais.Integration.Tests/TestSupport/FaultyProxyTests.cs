using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Cais.Common;
using Cais.TestSupport;

namespace Cais.Integration.Tests.TestSupport;

public sealed class FaultyProxyTests
{
    private const int BlobBytes = 200_000;

    [Fact]
    public async Task Without_faults_the_proxy_relays_pushes_and_pulls_and_forces_connection_close()
    {
        Requires.Root("docker-registry", "skopeo");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var registry = await TestRegistry.StartAsync(cts.Token);
        await using var proxy = await FaultyProxy.StartAsync(registry, cts.Token);

        // Pushing through the proxy exercises request bodies and the registry's Location headers.
        var published = await RandomImage().PublishAsync(proxy.Host, TestNames.For("relay") + ":v1", cts.Token);
        var layer = published.Layers.Single();

        using var http = new HttpClient();
        using (var ping = await http.GetAsync(new Uri($"http://{proxy.Host}/v2/"), cts.Token))
        {
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
            Assert.True(ping.Headers.ConnectionClose);
        }

        var (body, error) = await DownloadAsync(http, proxy, published, layer.Digest, null, cts.Token);
        Assert.Null(error);
        Assert.Equal(layer.Digest, Digest.Compute(body));
        Assert.True(proxy.RequestCount >= 3);
        Assert.Equal(1, proxy.BlobGetCount);
        Assert.Equal(0, proxy.FaultsApplied);
    }

    [Fact]
    public async Task Cut_fault_truncates_the_first_downloads_and_lets_range_resumes_through()
    {
        Requires.Root("docker-registry", "skopeo");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var registry = await TestRegistry.StartAsync(cts.Token);
        var published = await RandomImage().PublishAsync(registry.Host, TestNames.For("cut") + ":v1", cts.Token);
        var digest = published.Layers.Single().Digest;
        await using var proxy = await FaultyProxy.StartAsync(registry, cts.Token);
        proxy.CutBlobs(afterBytes: 1000, requests: 2);
        using var http = new HttpClient();

        var (first, firstError) = await DownloadAsync(http, proxy, published, digest, null, cts.Token);
        Assert.NotNull(firstError);
        Assert.Equal(1000, first.Length);

        var (second, secondError) = await DownloadAsync(http, proxy, published, digest, 1000, cts.Token);
        Assert.NotNull(secondError);
        Assert.Equal(1000, second.Length);

        var (rest, restError) = await DownloadAsync(http, proxy, published, digest, 2000, cts.Token);
        Assert.Null(restError);
        Assert.Equal(digest, Digest.Compute([.. first, .. second, .. rest]));

        // The proxy records a request when it has finished relaying it, which can be just after the client is done.
        for (var i = 0; i < 100 && proxy.Requests.Count(r => r.IsBlobGet) < 3; i++)
        {
            await Task.Delay(20, cts.Token);
        }

        Assert.Equal(["bytes=1000-", "bytes=2000-"], proxy.RangeHeaders);
        Assert.Equal(3, proxy.BlobGetCount);
        Assert.Equal(2, proxy.FaultsApplied);
        Assert.Equal([ProxyFaultKind.Cut, ProxyFaultKind.Cut, null], proxy.Requests.Where(r => r.IsBlobGet).Select(r => r.Fault));
    }

    [Fact]
    public async Task Corrupt_fault_flips_one_byte_of_every_matching_download_only()
    {
        Requires.Root("docker-registry", "skopeo");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var registry = await TestRegistry.StartAsync(cts.Token);
        var image = RandomImage();
        image.AddLayer(LayerCompression.None).AddFile("/other", "other\n");
        var published = await image.PublishAsync(registry.Host, TestNames.For("corrupt") + ":v1", cts.Token);
        var target = published.Layers[0].Digest;
        var other = published.Layers[1].Digest;
        await using var proxy = await FaultyProxy.StartAsync(registry, cts.Token);
        proxy.CorruptBlobs(offset: 10, digest: target.ToString());
        using var http = new HttpClient();

        using var direct = new HttpClient();
        var good = await direct.GetByteArrayAsync(new Uri(registry.BaseUri, $"v2/{published.Repository}/blobs/{target}"), cts.Token);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var (bad, error) = await DownloadAsync(http, proxy, published, target, null, cts.Token);
            Assert.Null(error);
            Assert.Equal(good.Length, bad.Length);
            Assert.NotEqual(target, Digest.Compute(bad));
            Assert.Equal(good[10] ^ 0xFF, bad[10]);
            Assert.Equal(good.AsSpan(11).ToArray(), bad.AsSpan(11).ToArray());
        }

        var (untouched, untouchedError) = await DownloadAsync(http, proxy, published, other, null, cts.Token);
        Assert.Null(untouchedError);
        Assert.Equal(other, Digest.Compute(untouched));
        Assert.Equal(2, proxy.FaultsApplied);
    }

    [Fact]
    public async Task GoAway_fault_cuts_the_download_then_refuses_all_connections()
    {
        Requires.Root("docker-registry", "skopeo");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var registry = await TestRegistry.StartAsync(cts.Token);
        var published = await RandomImage().PublishAsync(registry.Host, TestNames.For("goaway") + ":v1", cts.Token);
        var digest = published.Layers.Single().Digest;
        await using var proxy = await FaultyProxy.StartAsync(registry, cts.Token);
        proxy.GoAwayAfter(500);
        using var http = new HttpClient();

        using (var ping = await http.GetAsync(new Uri($"http://{proxy.Host}/v2/"), cts.Token))
        {
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        }

        var (partial, error) = await DownloadAsync(http, proxy, published, digest, null, cts.Token);
        Assert.NotNull(error);
        Assert.Equal(500, partial.Length);
        Assert.True(proxy.IsGone);

        var refused = await Assert.ThrowsAsync<SocketException>(async () =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, proxy.Port, cts.Token);
        });
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://{proxy.Host}/v2/"), cts.Token));
    }

    [Fact]
    public async Task A_stopped_registry_behind_the_proxy_drops_the_connection()
    {
        Requires.Root("docker-registry");
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var registry = await TestRegistry.StartAsync(cts.Token);
        await using var proxy = await FaultyProxy.StartAsync(registry, cts.Token);
        await registry.StopAsync();

        using var http = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://{proxy.Host}/v2/"), cts.Token));
        Assert.Equal(1, proxy.RequestCount);
    }

    private static OciImageBuilder RandomImage()
    {
        var image = new OciImageBuilder();
        image.AddLayer(LayerCompression.None).AddRandomFile("/random.bin", BlobBytes);
        return image;
    }

    /// <summary>Downloads a blob through the proxy, returning what arrived and the error that ended it early, if any.</summary>
    private static async Task<(byte[] Body, Exception? Error)> DownloadAsync(
        HttpClient http, FaultyProxy proxy, PublishedImage image, Digest digest, long? from, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{proxy.Host}/v2/{image.Repository}/blobs/{digest}"));
        if (from is not null)
        {
            request.Headers.Range = new RangeHeaderValue(from, null);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(from is null ? HttpStatusCode.OK : HttpStatusCode.PartialContent, response.StatusCode);
        var body = new MemoryStream();
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            await stream.CopyToAsync(body, ct);
            return (body.ToArray(), null);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return (body.ToArray(), e);
        }
    }
}
