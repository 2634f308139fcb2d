using Cais.Common;

namespace Cais.Core.Tests.Common;

public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("busybox", "busybox", true)]
    [InlineData("busy*", "busybox:latest", true)]
    [InlineData("*", "a/b", false)]
    [InlineData("*/*", "a/b", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "a/c", false)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("[^a-c]x", "bx", false)]
    [InlineData("[^a-c]x", "dx", true)]
    [InlineData("a\\*", "a*", true)]
    [InlineData("a\\*", "ab", false)]
    [InlineData("*:lat*", "busybox:latest", true)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    public void Matches_as_shell_patterns_where_star_stops_at_a_slash(string pattern, string text, bool expected) =>
        Assert.Equal(expected, GlobPattern.IsMatch(pattern, text));

    [Theory]
    [InlineData("[")]
    [InlineData("a[b")]
    [InlineData("x\\")]
    [InlineData("[]")]
    public void A_malformed_pattern_is_refused_whatever_the_text(string pattern)
    {
        var error = Assert.Throws<EngineException>(() => GlobPattern.IsMatch(pattern, "zzz"));
        Assert.Equal("syntax error in pattern", error.Message);
    }
}
