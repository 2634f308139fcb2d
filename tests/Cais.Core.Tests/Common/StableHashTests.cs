using Cais.Common;

namespace Cais.Core.Tests.Common;

public sealed class StableHashTests
{
    [Theory]
    // Published FNV-1a 64-bit test vectors: the hash names files that several cais versions must agree on.
    [InlineData("", "cbf29ce484222325")]
    [InlineData("a", "af63dc4c8601ec8c")]
    [InlineData("foobar", "85944171f73967e8")]
    public void Hex_matches_the_fnv1a_64_vectors(string text, string expected) => Assert.Equal(expected, StableHash.Hex(text));

    [Fact]
    public void Different_state_directories_get_different_names() =>
        Assert.NotEqual(StableHash.Hex("/var/lib/cais/networks"), StableHash.Hex("/var/lib/cais2/networks"));
}
