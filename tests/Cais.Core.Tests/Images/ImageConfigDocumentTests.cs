using System.Text;
using Cais.Common;
using Cais.Images;

namespace Cais.Core.Tests.Images;

/// <summary>
/// Image configs from a hostile registry: not JSON, wrong types and nulls are refused with an error naming the config;
/// anything accepted is safe to use (no null where a value is needed).
/// </summary>
public sealed class ImageConfigDocumentTests
{
    private const string Digest = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string RootFs = $$$"""{"type":"layers","diff_ids":["{{{Digest}}}"]}""";

    [Theory]
    [InlineData("this is not json{")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    [InlineData("\"config\"")]
    [InlineData($$$"""{"os":"linux","architecture":"amd64","config":{"Env":5},"rootfs":{{{RootFs}}}}""")]
    [InlineData($$$"""{"os":"linux","architecture":"amd64","config":{"Env":{"A":"1"}},"rootfs":{{{RootFs}}}}""")]
    [InlineData($$$"""{"os":"linux","architecture":"amd64","config":"x","rootfs":{{{RootFs}}}}""")]
    [InlineData($$$"""{"os":"linux","architecture":"amd64","config":{"Cmd":1},"rootfs":{{{RootFs}}}}""")]
    [InlineData($$$"""{"os":"linux","architecture":"amd64","config":{"Cmd":["sh",null]},"rootfs":{{{RootFs}}}}""")]
    [InlineData($$$"""{"os":"linux","architecture":"amd64","config":{"Entrypoint":[null]},"rootfs":{{{RootFs}}}}""")]
    [InlineData($$$"""{"os":"linux","architecture":"amd64","config":{"Labels":{"a":1}},"rootfs":{{{RootFs}}}}""")]
    [InlineData($$$"""{"os":"linux","architecture":"amd64","config":{"ExposedPorts":["80/tcp"]},"rootfs":{{{RootFs}}}}""")]
    [InlineData($$$"""{"os":"linux","architecture":"amd64","created":"yesterday","rootfs":{{{RootFs}}}}""")]
    [InlineData($$$"""{"os":"linux","architecture":64,"rootfs":{{{RootFs}}}}""")]
    [InlineData("""{"os":"linux","architecture":"amd64"}""")]
    [InlineData("""{"os":"linux","architecture":"amd64","rootfs":null}""")]
    [InlineData("""{"os":"linux","architecture":"amd64","rootfs":"layers"}""")]
    [InlineData("""{"os":"linux","architecture":"amd64","rootfs":{"diff_ids":"x"}}""")]
    [InlineData("""{"os":"linux","architecture":"amd64","rootfs":{"diff_ids":null}}""")]
    [InlineData("""{"os":"linux","architecture":"amd64","rootfs":{"diff_ids":[null]}}""")]
    [InlineData("""{"os":"linux","architecture":"amd64","rootfs":{"diff_ids":["sha256:zz"]}}""")]
    [InlineData("""{"os":"linux","architecture":"amd64","rootfs":{"diff_ids":[5]}}""")]
    public void Malformed_config_is_refused(string json)
    {
        var error = Assert.Throws<EngineException>(() => ImageConfigDocument.Parse(Encoding.UTF8.GetBytes(json), Digest));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith($"invalid image config {Digest}: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Missing_platform_fields_read_as_empty_and_null_env_entries_are_kept_for_the_spec_to_skip()
    {
        var config = ImageConfigDocument.Parse(
            Encoding.UTF8.GetBytes($$$"""{"os":null,"config":{"Env":["A=1",null]},"rootfs":{{{RootFs}}}}"""), Digest);

        Assert.Equal("", config.Os);
        Assert.Equal("", config.Architecture);
        Assert.Equal(Digest, Assert.Single(config.RootFs.DiffIds));
    }
}
