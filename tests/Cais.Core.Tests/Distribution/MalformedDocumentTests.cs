using System.Text;
using Cais.Common;
using Cais.Distribution;

namespace Cais.Core.Tests.Distribution;

/// <summary>
/// Manifests and indexes from a hostile registry: every malformed one is refused with an <see cref="EngineException"/>
/// (InvalidArgument) naming the document, never a JsonException, a null dereference or a negative size acted on.
/// </summary>
public sealed class MalformedDocumentTests
{
    private const string D = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string Config = $$$"""{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{D}}}","size":2}""";
    private const string Layer = $$$"""{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{{D}}}","size":3}""";

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("5")]
    [InlineData($$$"""{"schemaVersion":2,"config":null,"layers":[{{{Layer}}}]}""")]
    [InlineData($$$"""{"schemaVersion":2,"config":"x","layers":[{{{Layer}}}]}""")]
    [InlineData($$$"""{"schemaVersion":2,"config":{{{Config}}},"layers":null}""")]
    [InlineData($$$"""{"schemaVersion":2,"config":{{{Config}}},"layers":"x"}""")]
    [InlineData($$$"""{"schemaVersion":2,"config":{{{Config}}},"layers":[null]}""")]
    [InlineData($$$"""{"schemaVersion":2,"config":{{{Config}}},"layers":[5]}""")]
    [InlineData($$$"""{"schemaVersion":2,"config":{"digest":"{{{D}}}","size":-1},"layers":[]}""")]
    [InlineData($$$"""{"schemaVersion":2,"config":{"digest":"{{{D}}}","size":"2"},"layers":[]}""")]
    [InlineData($$$"""{"schemaVersion":2,"config":{"digest":"{{{D}}}","size":1.5},"layers":[]}""")]
    [InlineData($$$"""{"schemaVersion":2,"config":{"digest":"{{{D}}}","size":99999999999999999999999},"layers":[]}""")]
    [InlineData($$$"""{"schemaVersion":2,"config":{"digest":null,"size":2},"layers":[]}""")]
    [InlineData($$$"""{"schemaVersion":2,"config":{"size":2},"layers":[]}""")]
    [InlineData($$$"""{"schemaVersion":2,"config":{"digest":"md5:d41d8cd98f00b204e9800998ecf8427e","size":2},"layers":[]}""")]
    [InlineData($$$"""{"schemaVersion":2,"config":{{{Config}}},"layers":[{"digest":"{{{D}}}","size":-9223372036854775808}]}""")]
    [InlineData($$$"""{"schemaVersion":2,"config":{{{Config}}},"layers":[{"digest":"sha256:../../etc/passwd","size":3}]}""")]
    [InlineData($$$"""{"schemaVersion":"2","config":{{{Config}}},"layers":[]}""")]
    [InlineData($$$"""{"schemaVersion":2,"config":{{{Config}}},"layers":[],"annotations":{"a":1}}""")]
    public void Malformed_manifest_is_refused(string json)
    {
        var error = Assert.Throws<EngineException>(() => FetchedManifest.ParseManifest(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith("invalid image manifest", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("null")]
    [InlineData("""{"schemaVersion":2,"manifests":null}""")]
    [InlineData("""{"schemaVersion":2,"manifests":"x"}""")]
    [InlineData("""{"schemaVersion":2,"manifests":[null]}""")]
    [InlineData($$$"""{"schemaVersion":2,"manifests":[{"digest":"{{{D}}}","size":-1}]}""")]
    [InlineData($$$"""{"schemaVersion":2,"manifests":[{"digest":7,"size":1}]}""")]
    [InlineData($$$"""{"schemaVersion":2,"manifests":[{"digest":"{{{D}}}","size":1,"platform":"linux/amd64"}]}""")]
    [InlineData($$$"""{"schemaVersion":2,"manifests":[{"digest":"{{{D}}}","size":1,"platform":{"os":["linux"]}}]}""")]
    public void Malformed_index_is_refused(string json)
    {
        var error = Assert.Throws<EngineException>(() => FetchedManifest.ParseIndex(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith("invalid image index", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Well_formed_manifest_is_accepted()
    {
        var manifest = FetchedManifest.ParseManifest(Encoding.UTF8.GetBytes($$$"""{"schemaVersion":2,"config":{{{Config}}},"layers":[{{{Layer}}}]}"""));

        Assert.Equal(D, manifest.Config.Digest);
        Assert.Equal(3, Assert.Single(manifest.Layers).Size);
    }
}
