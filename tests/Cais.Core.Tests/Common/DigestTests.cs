using Cais.Common;

namespace Cais.Core.Tests.Common;

public sealed class DigestTests
{
    [Fact]
    public void Parse_valid_sha256_roundtrips()
    {
        var text = "sha256:" + new string('a', 64);
        Assert.Equal(text, Digest.Parse(text).ToString());
    }

    [Theory]
    [InlineData("sha256:../../etc/passwd")]
    [InlineData("sha256:ABCDEF")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("")]
    public void Parse_rejects_malformed_digests(string text)
    {
        var error = Assert.Throws<EngineException>(() => Digest.Parse(text));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public void Compute_matches_known_sha256()
    {
        Assert.Equal(
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            Digest.Compute([]).ToString());
    }
}
