using System.Net;
using System.Net.Sockets;
using System.Text;
using Cais.Common;
using Cais.Distribution;
using Cais.Oci.Image;

namespace Cais.Core.Tests.Distribution;

public sealed class RegistryErrorTests
{
    private static RegistryClient Client(Func<RecordedRequest, HttpResponseMessage> respond, out FakeRegistryHandler handler)
    {
        handler = new FakeRegistryHandler(respond);
        return new RegistryClient(new RegistryClientOptions { Handler = handler });
    }

    [Fact]
    public async Task Manifest_unknown_reads_like_docker()
    {
        using var client = Client(_ => Responses.RegistryError(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN", "manifest unknown"), out _);
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            client.GetManifestAsync(ImageReference.Parse("127.0.0.1:5000/busybox"), "nope", CancellationToken.None));
        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("manifest for 127.0.0.1:5000/busybox:nope not found: manifest unknown: manifest unknown", error.Message);
    }

    [Fact]
    public async Task Name_unknown_and_bare_404_are_not_found()
    {
        using var client = Client(request => request.Uri.AbsolutePath.Contains("/a/", StringComparison.Ordinal)
            ? Responses.RegistryError(HttpStatusCode.NotFound, "NAME_UNKNOWN", "repository name not known to registry")
            : Responses.Status(HttpStatusCode.NotFound), out _);
        var named = await Assert.ThrowsAsync<EngineException>(() =>
            client.GetManifestAsync(ImageReference.Parse("127.0.0.1:5000/a/b"), "latest", CancellationToken.None));
        Assert.Equal(ErrorKind.NotFound, named.Kind);
        Assert.Equal("manifest for 127.0.0.1:5000/a/b:latest not found: name unknown: repository name not known to registry", named.Message);

        var bare = await Assert.ThrowsAsync<EngineException>(() =>
            client.GetManifestAsync(ImageReference.Parse("busybox"), "latest", CancellationToken.None));
        Assert.Equal(ErrorKind.NotFound, bare.Kind);
        Assert.StartsWith("manifest for busybox:latest not found", bare.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Denied_is_pull_access_denied()
    {
        using var client = Client(_ => Responses.RegistryError(HttpStatusCode.Forbidden, "DENIED", "requested access to the resource is denied"), out _);
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            client.GetManifestAsync(ImageReference.Parse("busybox"), "latest", CancellationToken.None));
        Assert.Equal(ErrorKind.Unauthorized, error.Kind);
        Assert.Equal("pull access denied for busybox, repository does not exist or may require 'docker login': denied: requested access to the resource is denied", error.Message);
    }

    [Fact]
    public async Task Server_errors_and_rate_limits_are_unavailable()
    {
        using var client = Client(request => request.Uri.AbsolutePath.Contains("limited", StringComparison.Ordinal)
            ? Responses.RegistryError(HttpStatusCode.TooManyRequests, "TOOMANYREQUESTS", "You have reached your pull rate limit.")
            : new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("<html>oops</html>") }, out _);
        var server = await Assert.ThrowsAsync<EngineException>(() =>
            client.GetManifestAsync(ImageReference.Parse("127.0.0.1:5000/app"), "latest", CancellationToken.None));
        Assert.Equal(ErrorKind.Unavailable, server.Kind);
        Assert.Equal("Get \"http://127.0.0.1:5000/v2/app/manifests/latest\": received unexpected HTTP status: 500 Internal Server Error", server.Message);

        var limited = await Assert.ThrowsAsync<EngineException>(() =>
            client.GetManifestAsync(ImageReference.Parse("127.0.0.1:5000/limited"), "latest", CancellationToken.None));
        Assert.Equal(ErrorKind.Unavailable, limited.Kind);
        Assert.Contains("toomanyrequests: You have reached your pull rate limit.", limited.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_refused_is_unavailable_and_names_host_and_url()
    {
        // Bind and release a loopback port so nothing is listening on it.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        using var client = new RegistryClient(new RegistryClientOptions { ConnectTimeout = TimeSpan.FromSeconds(5) });
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            client.GetManifestAsync(ImageReference.Parse($"127.0.0.1:{port}/app"), "latest", CancellationToken.None));
        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Equal($"Get \"http://127.0.0.1:{port}/v2/app/manifests/latest\": dial tcp 127.0.0.1:{port}: connect: connection refused", error.Message);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_turned_into_an_engine_error()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        using var client = Client(_ => Responses.Status(HttpStatusCode.OK), out _);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.GetManifestAsync(ImageReference.Parse("127.0.0.1:5000/app"), "latest", cts.Token));
    }

    [Fact]
    public async Task Blob_exists_maps_200_and_404()
    {
        var present = Digest.Compute([1]);
        using var client = Client(request => request.Uri.AbsolutePath.EndsWith(present.ToString(), StringComparison.Ordinal)
            ? Responses.Status(HttpStatusCode.OK)
            : Responses.Status(HttpStatusCode.NotFound), out var handler);
        var repo = ImageReference.Parse("127.0.0.1:5000/app");
        Assert.True(await client.BlobExistsAsync(repo, present, CancellationToken.None));
        Assert.False(await client.BlobExistsAsync(repo, Digest.Compute([2]), CancellationToken.None));
        Assert.All(handler.Requests, r => Assert.Equal(HttpMethod.Head, r.Method));
    }

    [Theory]
    [InlineData("/v2/app/blobs/uploads/3f1c?_state=abc", "http://127.0.0.1:5000/v2/app/blobs/uploads/3f1c?_state=abc&digest=")]
    [InlineData("http://127.0.0.1:5000/v2/app/blobs/uploads/3f1c", "http://127.0.0.1:5000/v2/app/blobs/uploads/3f1c?digest=")]
    [InlineData("uploads/xyz", "http://127.0.0.1:5000/v2/app/blobs/uploads/uploads/xyz?digest=")]
    public async Task Push_blob_posts_then_puts_to_the_location_with_the_digest(string location, string expectedPrefix)
    {
        var content = Encoding.UTF8.GetBytes("some layer content");
        var digest = Digest.Compute(content);
        using var client = Client(request =>
        {
            if (request.Method == HttpMethod.Post)
            {
                var accepted = Responses.Status(HttpStatusCode.Accepted);
                accepted.Headers.TryAddWithoutValidation("Location", location);
                return accepted;
            }

            return Responses.Status(HttpStatusCode.Created);
        }, out var handler);

        var descriptor = new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = digest.ToString(), Size = content.Length };
        using var source = new MemoryStream(content);
        await client.PushBlobAsync(ImageReference.Parse("127.0.0.1:5000/app"), descriptor, source, CancellationToken.None);

        var requests = handler.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(HttpMethod.Post, requests[0].Method);
        Assert.Equal("http://127.0.0.1:5000/v2/app/blobs/uploads/", requests[0].Uri.ToString());
        Assert.Equal(HttpMethod.Put, requests[1].Method);
        Assert.Equal(expectedPrefix + Uri.EscapeDataString(digest.ToString()), requests[1].Uri.AbsoluteUri);
        Assert.Equal(content, requests[1].Body);
        Assert.Equal("application/octet-stream", requests[1].ContentType);
        Assert.True(source.CanRead, "the caller's stream must not be disposed");
    }

    [Fact]
    public async Task Push_blob_refuses_a_short_source()
    {
        using var client = Client(request =>
        {
            var accepted = Responses.Status(HttpStatusCode.Accepted);
            accepted.Headers.TryAddWithoutValidation("Location", "/v2/app/blobs/uploads/1");
            return request.Method == HttpMethod.Post ? accepted : Responses.Status(HttpStatusCode.Created);
        }, out _);
        var descriptor = new Descriptor { Digest = Digest.Compute([1, 2, 3]).ToString(), Size = 3 };
        using var source = new MemoryStream([1, 2]);
        await Assert.ThrowsAnyAsync<Exception>(() => client.PushBlobAsync(ImageReference.Parse("127.0.0.1:5000/app"), descriptor, source, CancellationToken.None));
    }

    [Fact]
    public async Task Push_manifest_puts_bytes_with_the_media_type()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"schemaVersion":2}""");
        using var client = Client(_ => Responses.Status(HttpStatusCode.Created), out var handler);
        var digest = await client.PushManifestAsync(ImageReference.Parse("127.0.0.1:5000/app"), "v1", MediaTypes.OciManifest, bytes, CancellationToken.None);
        Assert.Equal(Digest.Compute(bytes), digest);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("http://127.0.0.1:5000/v2/app/manifests/v1", request.Uri.ToString());
        Assert.Equal(MediaTypes.OciManifest, request.ContentType);
        Assert.Equal(bytes, request.Body);
    }

    [Fact]
    public async Task Push_denied_reads_like_docker()
    {
        using var client = Client(_ => Responses.RegistryError(HttpStatusCode.Forbidden, "DENIED", "requested access to the resource is denied"), out _);
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            client.PushManifestAsync(ImageReference.Parse("127.0.0.1:5000/app"), "v1", MediaTypes.OciManifest, [1], CancellationToken.None));
        Assert.Equal(ErrorKind.Unauthorized, error.Kind);
        Assert.Equal("denied: requested access to the resource is denied", error.Message);
    }
}
