using Cais.Cli.Rendering;

namespace Cais.Cli.Tests.Rendering;

/// <summary>ps's COMMAND column as the docker CLI 28.2.2 prints the daemon's text (outputs taken from a real dockerd).</summary>
public sealed class GoQuoteTests
{
    [Theory]
    [InlineData("sleep 1000", "\"sleep 1000\"")]
    [InlineData("sh -c 'echo \"a b\" c'", "\"sh -c 'echo \\\"a b\\\" c'\"")]
    [InlineData("echo tab\tx  dq\"x back\\slash", "\"echo tab\\tx  dq\\\"x back\\\\slash\"")]
    [InlineData("a\nb\u0001", "\"a\\nb\\x01\"")]
    [InlineData("héllo wörld", "\"héllo wörld\"")]
    public void Quote_escapes_as_go_strconv_does(string text, string quoted) => Assert.Equal(quoted, GoQuote.Quote(text));

    [Theory]
    [InlineData("sh -c 'echo averyveryverylongargumentthatgoesonandon'", "\"sh -c 'echo averyve…\"")]
    [InlineData("echo tab\tx  dq\"x back\\slash", "\"echo tab\\tx  dq\\\"x ba…\"")]
    [InlineData("sh -c 'sleep 1; echo it's'", "\"sh -c 'sleep 1; ech…\"")]
    [InlineData("sh -c 'exit 2'", "\"sh -c 'exit 2'\"")]
    [InlineData("exactly twenty chars", "\"exactly twenty chars\"")]
    public void The_table_column_is_truncated_to_twenty_then_quoted(string text, string column) =>
        Assert.Equal(column, GoQuote.Quote(GoQuote.Ellipsis(text, 20)));
}
