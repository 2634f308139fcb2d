using System.Net;
using System.Text;
using Cais.Common;
using Cais.Distribution;
using Cais.Oci.Image;

namespace Cais.Core.Tests.Distribution;

public sealed class ManifestFetchTests
{
    private static readonly ImageReference Repo = ImageReference.Parse("127.0.0.1:5000/busybox");

    private const string ConfigDigest = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly byte[] Manifest = Encoding.UTF8.GetBytes(
        $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{ConfigDigest}}}","size":2},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{{ConfigDigest}}}","size":3}]}""");

    private static readonly byte[] Index = Encoding.UTF8.GetBytes(
        $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{ConfigDigest}}}","size":5,"platform":{"os":"linux","architecture":"amd64"}}]}""");

    private static RegistryClient Client(Func<RecordedRequest, HttpResponseMessage> respond, out FakeRegistryHandler handler)
    {
        handler = new FakeRegistryHandler(respond);
        return new RegistryClient(new RegistryClientOptions { Handler = handler });
    }

    [Fact]
    public async Task Fetches_by_tag_with_the_accept_header_and_computes_the_digest()
    {
        using var client = Client(_ => Responses.Bytes(Manifest, MediaTypes.OciManifest), out var handler);
        var fetched = await client.GetManifestAsync(Repo, "latest", CancellationToken.None);

        Assert.Equal(MediaTypes.OciManifest, fetched.MediaType);
        Assert.Equal(Digest.Compute(Manifest), fetched.Digest);
        Assert.Equal(Manifest, fetched.Bytes);
        Assert.True(fetched.IsManifest);
        var parsed = fetched.ParseManifest();
        Assert.Equal(ConfigDigest, parsed.Config.Digest);
        Assert.Single(parsed.Layers);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://127.0.0.1:5000/v2/busybox/manifests/latest", request.Uri.ToString());
        Assert.Equal(MediaTypes.AcceptedManifests.Order(), request.Accept.Order());
    }

    [Fact]
    public async Task Parses_an_index()
    {
        using var client = Client(_ => Responses.Bytes(Index, MediaTypes.OciIndex), out _);
        var fetched = await client.GetManifestAsync(Repo, "latest", CancellationToken.None);
        Assert.True(fetched.IsIndex);
        var index = fetched.ParseIndex();
        Assert.Equal("amd64", index.Manifests.Single().Platform!.Architecture);
        Assert.Throws<EngineException>(() => fetched.ParseManifest());
    }

    [Fact]
    public async Task Fetch_by_digest_verifies_the_bytes()
    {
        var digest = Digest.Compute(Manifest);
        using var client = Client(_ => Responses.Bytes(Manifest, MediaTypes.OciManifest), out var handler);
        var fetched = await client.GetManifestAsync(Repo, digest.ToString(), CancellationToken.None);
        Assert.Equal(digest, fetched.Digest);
        Assert.EndsWith($"/manifests/{digest}", handler.Requests.Single().Uri.ToString(), StringComparison.Ordinal);

        var other = Digest.Compute(Index);
        var error = await Assert.ThrowsAsync<EngineException>(() => client.GetManifestAsync(Repo, other.ToString(), CancellationToken.None));
        Assert.Equal(ErrorKind.DataLoss, error.Kind);
        Assert.Contains(other.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_by_tag_refuses_a_disagreeing_docker_content_digest()
    {
        using var client = Client(_ =>
        {
            var response = Responses.Bytes(Manifest, MediaTypes.OciManifest);
            response.Headers.TryAddWithoutValidation("Docker-Content-Digest", Digest.Compute(Index).ToString());
            return response;
        }, out _);
        var error = await Assert.ThrowsAsync<EngineException>(() => client.GetManifestAsync(Repo, "latest", CancellationToken.None));
        Assert.Equal(ErrorKind.DataLoss, error.Kind);
    }

    [Fact]
    public async Task Fetch_by_tag_accepts_an_agreeing_docker_content_digest()
    {
        using var client = Client(_ =>
        {
            var response = Responses.Bytes(Manifest, MediaTypes.OciManifest);
            response.Headers.TryAddWithoutValidation("Docker-Content-Digest", Digest.Compute(Manifest).ToString());
            return response;
        }, out _);
        var fetched = await client.GetManifestAsync(Repo, "latest", CancellationToken.None);
        Assert.Equal(Digest.Compute(Manifest), fetched.Digest);
    }

    [Fact]
    public async Task Refuses_an_ambiguous_document()
    {
        var ambiguous = Encoding.UTF8.GetBytes(
            $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[],"config":{"mediaType":"x","digest":"{{{ConfigDigest}}}","size":1},"layers":[]}""");
        using var client = Client(_ => Responses.Bytes(ambiguous, MediaTypes.OciIndex), out _);
        var error = await Assert.ThrowsAsync<EngineException>(() => client.GetManifestAsync(Repo, "latest", CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("ambiguous", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_media_type_field_that_disagrees_with_the_content_type()
    {
        using var client = Client(_ => Responses.Bytes(Manifest, MediaTypes.DockerManifest), out _);
        var error = await Assert.ThrowsAsync<EngineException>(() => client.GetManifestAsync(Repo, "latest", CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("disagrees", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_declared_index_with_manifest_shape()
    {
        var lying = Encoding.UTF8.GetBytes(
            $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","config":{"mediaType":"x","digest":"{{{ConfigDigest}}}","size":1},"layers":[]}""");
        using var client = Client(_ => Responses.Bytes(lying, MediaTypes.OciIndex), out _);
        await Assert.ThrowsAsync<EngineException>(() => client.GetManifestAsync(Repo, "latest", CancellationToken.None));
    }

    [Fact]
    public async Task Uses_the_content_type_when_the_document_has_no_media_type()
    {
        var bare = Encoding.UTF8.GetBytes($$$"""{"schemaVersion":2,"config":{"mediaType":"x","digest":"{{{ConfigDigest}}}","size":1},"layers":[]}""");
        using var client = Client(_ => Responses.Bytes(bare, MediaTypes.DockerManifest), out _);
        var fetched = await client.GetManifestAsync(Repo, "latest", CancellationToken.None);
        Assert.Equal(MediaTypes.DockerManifest, fetched.MediaType);
    }

    [Fact]
    public async Task Refuses_schema1()
    {
        var schema1 = Encoding.UTF8.GetBytes("""{"schemaVersion":1,"name":"busybox","tag":"latest","fsLayers":[]}""");
        using var client = Client(_ => Responses.Bytes(schema1, "application/vnd.docker.distribution.manifest.v1+prettyjws"), out _);
        var error = await Assert.ThrowsAsync<EngineException>(() => client.GetManifestAsync(Repo, "latest", CancellationToken.None));
        Assert.Equal(ErrorKind.NotImplemented, error.Kind);
    }

    [Fact]
    public async Task Refuses_manifests_over_four_mebibytes()
    {
        var padding = new string(' ', RegistryClient.MaxManifestBytes);
        var huge = Encoding.UTF8.GetBytes("{\"schemaVersion\":2," + padding + "\"manifests\":[]}");
        using var declared = Client(_ => Responses.Bytes(huge, MediaTypes.OciIndex), out _);
        var error = await Assert.ThrowsAsync<EngineException>(() => declared.GetManifestAsync(Repo, "latest", CancellationToken.None));
        Assert.Contains("too large", error.Message, StringComparison.Ordinal);

        using var streamed = Client(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new UnknownLengthStream(huge)) }, out _);
        error = await Assert.ThrowsAsync<EngineException>(() => streamed.GetManifestAsync(Repo, "latest", CancellationToken.None));
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_an_invalid_tag_before_any_request()
    {
        using var client = Client(_ => Responses.Bytes(Manifest, MediaTypes.OciManifest), out var handler);
        await Assert.ThrowsAsync<EngineException>(() => client.GetManifestAsync(Repo, "../../x", CancellationToken.None));
        Assert.Empty(handler.Requests);
    }
}
