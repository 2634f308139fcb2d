using System.Net;
using Cais.Network.Dns;

namespace Cais.Core.Tests.Network.Dns;

public sealed class InMemoryDnsRecordSourceTests
{
    private const string Id = "3f4e8a9b1c2d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7";

    private static InMemoryDnsRecordSource Source()
    {
        var source = new InMemoryDnsRecordSource();
        source.Add("net1", Id, "Web", ["frontend"], [IPAddress.Parse("10.88.0.2")]);
        source.Add("net2", "aaaaaaaaaaaabbbbbbbbbbbb", "web", [], [IPAddress.Parse("10.99.0.2")]);
        return source;
    }

    [Theory]
    [InlineData("web")]
    [InlineData("WEB")]
    [InlineData("web.")]
    [InlineData("FrontEnd")]
    [InlineData("frontend.")]
    [InlineData("3f4e8a9b1c2d")]
    [InlineData("3F4E8A9B1C2D.")]
    public void Matches_name_alias_and_short_id_case_insensitively(string name) =>
        Assert.Equal([IPAddress.Parse("10.88.0.2")], Source().Lookup("net1", name));

    [Theory]
    [InlineData("we")]
    [InlineData("web.net1")]
    [InlineData("3f4e8a9b1c2")]
    [InlineData("3f4e8a9b1c2d5")]
    [InlineData(Id)]
    [InlineData("")]
    [InlineData(".")]
    public void Other_names_are_unknown(string name) =>
        Assert.Empty(Source().Lookup("net1", name));

    [Fact]
    public void Lookups_are_scoped_to_the_network()
    {
        var source = Source();

        Assert.Equal([IPAddress.Parse("10.99.0.2")], source.Lookup("net2", "web"));
        Assert.Empty(source.Lookup("net3", "web"));
    }

    [Fact]
    public void Shared_aliases_return_every_address_and_removal_forgets_the_container()
    {
        var source = Source();
        source.Add("net1", "ffffffffffff0000", "api", ["frontend"], [IPAddress.Parse("10.88.0.9")]);

        Assert.Equal([IPAddress.Parse("10.88.0.2"), IPAddress.Parse("10.88.0.9")], source.Lookup("net1", "frontend"));
        Assert.True(source.Remove("net1", Id));
        Assert.False(source.Remove("net1", Id));
        Assert.Equal([IPAddress.Parse("10.88.0.9")], source.Lookup("net1", "frontend"));
    }
}
