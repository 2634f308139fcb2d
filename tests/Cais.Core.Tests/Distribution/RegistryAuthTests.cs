using System.Net;
using System.Text;
using Cais.Common;
using Cais.Distribution;
using Cais.Oci.Image;

namespace Cais.Core.Tests.Distribution;

public sealed class RegistryAuthTests
{
    private static readonly byte[] ManifestBytes = Encoding.UTF8.GetBytes(
        """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","size":0},"layers":[]}""");

    private static string BasicOf(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private static RegistryClient Client(FakeRegistryHandler handler, (string, string)? credentials = null, string credentialsFor = "registry.test", TimeProvider? time = null) =>
        new(new RegistryClientOptions
        {
            Handler = handler,
            CredentialLookup = host => host == credentialsFor ? credentials : null,
            TimeProvider = time ?? TimeProvider.System,
            BlobResumeBackoff = TimeSpan.FromMilliseconds(1),
        });

    /// <summary>A registry that wants a bearer token "T-n" issued by auth.test for user alice.</summary>
    private static FakeRegistryHandler BearerRegistry(Func<RecordedRequest, HttpResponseMessage>? other = null)
    {
        var issued = 0;
        return new FakeRegistryHandler(request =>
        {
            if (request.Uri.Host == "auth.test")
            {
                if (request.Authorization != BasicOf("alice", "s3cret"))
                {
                    return Responses.Json(HttpStatusCode.Unauthorized, """{"details":"incorrect username or password"}""");
                }

                issued++;
                return Responses.Json(HttpStatusCode.OK, $$"""{"token":"T-{{issued}}","expires_in":300}""");
            }

            if (request.Uri.Host == "registry.test")
            {
                if (request.Authorization is null || !request.Authorization.StartsWith("Bearer T-", StringComparison.Ordinal))
                {
                    return Responses.Challenge("Bearer realm=\"https://auth.test/token\",service=\"registry.test\",scope=\"repository:team/app:pull\"");
                }

                if (other is not null)
                {
                    return other(request);
                }

                return Responses.Bytes(ManifestBytes, MediaTypes.OciManifest);
            }

            return other?.Invoke(request) ?? Responses.Status(HttpStatusCode.NotFound);
        });
    }

    [Fact]
    public async Task Bearer_flow_requests_a_token_with_scope_and_credentials_then_retries()
    {
        var handler = BearerRegistry();
        using var client = Client(handler, ("alice", "s3cret"));
        var repo = ImageReference.Parse("registry.test/team/app");

        var manifest = await client.GetManifestAsync(repo, "latest", CancellationToken.None);
        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);

        var requests = handler.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Null(requests[0].Authorization);
        Assert.Equal("https://registry.test/v2/team/app/manifests/latest", requests[0].Uri.ToString());

        var token = requests[1];
        Assert.Equal("auth.test", token.Uri.Host);
        Assert.Equal("https", token.Uri.Scheme);
        Assert.Contains("service=registry.test", token.Uri.Query, StringComparison.Ordinal);
        Assert.Contains("scope=" + Uri.EscapeDataString("repository:team/app:pull"), token.Uri.Query, StringComparison.Ordinal);
        Assert.Equal(BasicOf("alice", "s3cret"), token.Authorization);

        Assert.Equal("Bearer T-1", requests[2].Authorization);
        Assert.Equal(requests[0].Uri, requests[2].Uri);
    }

    [Fact]
    public async Task Tokens_are_cached_per_scope_until_they_expire()
    {
        var time = new ManualTimeProvider();
        var handler = BearerRegistry();
        using var client = Client(handler, ("alice", "s3cret"), time: time);
        var repo = ImageReference.Parse("registry.test/team/app");

        await client.GetManifestAsync(repo, "latest", CancellationToken.None);
        await client.GetManifestAsync(repo, "v2", CancellationToken.None);
        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal("Bearer T-1", handler.Requests[3].Authorization);

        time.Now += TimeSpan.FromSeconds(301);
        await client.GetManifestAsync(repo, "latest", CancellationToken.None);
        Assert.Equal(7, handler.Requests.Count);
        Assert.Null(handler.Requests[4].Authorization);
        Assert.Equal("Bearer T-2", handler.Requests[6].Authorization);
    }

    [Fact]
    public async Task Push_operations_ask_for_pull_and_push_scope()
    {
        var handler = BearerRegistry(request => request.Method == HttpMethod.Head ? Responses.Status(HttpStatusCode.OK) : Responses.Status(HttpStatusCode.NotFound));
        using var client = Client(handler, ("alice", "s3cret"));
        var exists = await client.BlobExistsAsync(ImageReference.Parse("registry.test/team/app"), Digest.Compute([]), CancellationToken.None);
        Assert.True(exists);
        var token = handler.Requests.Single(r => r.Uri.Host == "auth.test");
        Assert.Contains("scope=" + Uri.EscapeDataString("repository:team/app:pull,push"), token.Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_token_request_carries_no_credentials()
    {
        var handler = new FakeRegistryHandler(request => request.Uri.Host switch
        {
            "auth.test" => Responses.Json(HttpStatusCode.OK, """{"access_token":"ANON"}"""),
            _ when request.Authorization == "Bearer ANON" => Responses.Bytes(ManifestBytes, MediaTypes.OciManifest),
            _ => Responses.Challenge("Bearer realm=\"https://auth.test/token?x=1\",service=\"registry.test\""),
        });
        using var client = Client(handler);
        await client.GetManifestAsync(ImageReference.Parse("registry.test/team/app"), "latest", CancellationToken.None);
        var token = handler.Requests[1];
        Assert.Null(token.Authorization);
        Assert.StartsWith("?x=1&service=registry.test&scope=", token.Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_credentials_at_the_token_server_are_unauthorized()
    {
        var handler = BearerRegistry();
        using var client = Client(handler, ("alice", "wrong"));
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            client.GetManifestAsync(ImageReference.Parse("registry.test/team/app"), "latest", CancellationToken.None));
        Assert.Equal(ErrorKind.Unauthorized, error.Kind);
        Assert.Equal("Get \"https://registry.test/v2/team/app/manifests/latest\": unauthorized: incorrect username or password", error.Message);
    }

    [Fact]
    public async Task Basic_flow_sends_credentials_after_the_challenge_and_then_up_front()
    {
        var handler = new FakeRegistryHandler(request =>
            request.Authorization == BasicOf("bob", "pw")
                ? Responses.Bytes(ManifestBytes, MediaTypes.OciManifest)
                : Responses.Challenge("Basic realm=\"Registry Realm\""));
        using var client = Client(handler, ("bob", "pw"), credentialsFor: "127.0.0.1:5000");
        var repo = ImageReference.Parse("127.0.0.1:5000/app");

        await client.GetManifestAsync(repo, "latest", CancellationToken.None);
        await client.GetManifestAsync(repo, "latest", CancellationToken.None);

        var requests = handler.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Null(requests[0].Authorization);
        Assert.Equal("http://127.0.0.1:5000/v2/app/manifests/latest", requests[0].Uri.ToString());
        Assert.Equal(BasicOf("bob", "pw"), requests[1].Authorization);
        Assert.Equal(BasicOf("bob", "pw"), requests[2].Authorization);
    }

    [Fact]
    public async Task Basic_challenge_without_credentials_is_pull_access_denied()
    {
        var handler = new FakeRegistryHandler(_ => Responses.Challenge("Basic realm=\"Registry Realm\""));
        using var client = Client(handler);
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            client.GetManifestAsync(ImageReference.Parse("127.0.0.1:5000/app"), "latest", CancellationToken.None));
        Assert.Equal(ErrorKind.Unauthorized, error.Kind);
        Assert.Equal("pull access denied for 127.0.0.1:5000/app, repository does not exist or may require 'docker login': unauthorized: authentication required", error.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Credentials_of_one_registry_are_not_sent_to_another()
    {
        var handler = new FakeRegistryHandler(request =>
            request.Authorization is null ? Responses.Challenge("Basic realm=\"x\"") : Responses.Bytes(ManifestBytes, MediaTypes.OciManifest));
        using var client = Client(handler, ("bob", "pw"), credentialsFor: "127.0.0.1:5000");
        await Assert.ThrowsAsync<EngineException>(() =>
            client.GetManifestAsync(ImageReference.Parse("127.0.0.1:5001/app"), "latest", CancellationToken.None));
        Assert.All(handler.Requests, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task Authorization_is_not_forwarded_when_a_blob_redirects_to_another_host()
    {
        var blob = Encoding.UTF8.GetBytes("layer bytes");
        var descriptor = new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Compute(blob).ToString(), Size = blob.Length };
        var handler = BearerRegistry(request => request.Uri.Host switch
        {
            "registry.test" => Responses.Redirect("https://cdn.test/blobs/abc?sig=1"),
            "cdn.test" => Responses.Bytes(blob, "application/octet-stream"),
            _ => Responses.Status(HttpStatusCode.NotFound),
        });
        using var client = Client(handler, ("alice", "s3cret"));

        await using var stream = await client.OpenBlobAsync(ImageReference.Parse("registry.test/team/app"), descriptor, 0, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(blob, copy.ToArray());

        var cdn = Assert.Single(handler.Requests, r => r.Uri.Host == "cdn.test");
        Assert.Null(cdn.Authorization);
        Assert.Equal("https://cdn.test/blobs/abc?sig=1", cdn.Uri.ToString());
        Assert.Contains(handler.Requests, r => r.Uri.Host == "registry.test" && r.Authorization == "Bearer T-1");
    }

    [Fact]
    public async Task A_401_from_a_redirect_target_is_not_answered_with_credentials()
    {
        var descriptor = new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Compute([1]).ToString(), Size = 1 };
        var handler = BearerRegistry(request => request.Uri.Host switch
        {
            "registry.test" => Responses.Redirect("https://evil.test/steal"),
            "evil.test" => Responses.Challenge("Bearer realm=\"https://evil.test/token\",service=\"evil\""),
            _ => Responses.Status(HttpStatusCode.NotFound),
        });
        using var client = Client(handler, ("alice", "s3cret"));

        await Assert.ThrowsAsync<EngineException>(() =>
            client.OpenBlobAsync(ImageReference.Parse("registry.test/team/app"), descriptor, 0, CancellationToken.None));
        Assert.All(handler.Requests.Where(r => r.Uri.Host == "evil.test"), r => Assert.Null(r.Authorization));
        Assert.Single(handler.Requests, r => r.Uri.Host == "evil.test");
        Assert.Single(handler.Requests, r => r.Uri.Host == "auth.test");
    }

    [Fact]
    public async Task Redirect_from_https_to_http_is_refused()
    {
        var descriptor = new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Compute([1]).ToString(), Size = 1 };
        var handler = new FakeRegistryHandler(request => request.Uri.Host == "registry.test"
            ? Responses.Redirect("http://cdn.test/blob")
            : Responses.Bytes([1]));
        using var client = Client(handler);
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            client.OpenBlobAsync(ImageReference.Parse("registry.test/team/app"), descriptor, 0, CancellationToken.None));
        Assert.Contains("plain HTTP", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(handler.Requests, r => r.Uri.Host == "cdn.test");
    }

    [Fact]
    public async Task Credentials_are_not_sent_to_a_plain_http_token_realm_on_another_host()
    {
        var handler = new FakeRegistryHandler(request => request.Uri.Host == "auth.test"
            ? Responses.Json(HttpStatusCode.OK, """{"token":"T"}""")
            : Responses.Challenge("Bearer realm=\"http://auth.test/token\",service=\"registry.test\""));
        using var client = Client(handler, ("alice", "s3cret"));
        var error = await Assert.ThrowsAsync<EngineException>(() =>
            client.GetManifestAsync(ImageReference.Parse("registry.test/team/app"), "latest", CancellationToken.None));
        Assert.Equal(ErrorKind.Unauthorized, error.Kind);
        Assert.DoesNotContain(handler.Requests, r => r.Uri.Host == "auth.test");
    }
}
