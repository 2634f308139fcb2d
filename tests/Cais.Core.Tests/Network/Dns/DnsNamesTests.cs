using Cais.Network.Dns;

namespace Cais.Core.Tests.Network.Dns;

public sealed class DnsNamesTests
{
    private const string Id = "0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("web")]
    [InlineData("WEB")]
    [InlineData("www")]
    [InlineData("0123456789AB")]
    public void Name_alias_and_short_id_match_case_insensitively(string name)
    {
        Assert.True(DnsNames.Matches(name, Id, "/web", ["www"]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123456789a")]
    [InlineData("0123456789abc")]
    [InlineData("web.front")]
    [InlineData(Id)]
    public void Other_forms_do_not_match(string name)
    {
        Assert.False(DnsNames.Matches(name, Id, "web", ["www"]));
    }

    [Theory]
    [InlineData("web.", "web")]
    [InlineData("web", "web")]
    [InlineData(".", "")]
    public void Normalize_drops_one_trailing_dot(string asked, string expected)
    {
        Assert.Equal(expected, DnsNames.Normalize(asked));
    }
}
