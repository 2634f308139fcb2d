using Cais.Api;
using Cais.Common;
using Cais.Network;
using Cais.Network.Views;

namespace Cais.Core.Tests.Network;

public sealed class NetworkPruneFilterTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static NetworkRecord Network(int minutes, params (string Key, string Value)[] labels) => new()
    {
        Id = "abc",
        Name = "n",
        Subnet = "10.0.0.0/24",
        Gateway = "10.0.0.1",
        BridgeName = "cais-abc",
        Created = s_now.AddMinutes(minutes),
        Labels = labels.ToDictionary(l => l.Key, l => l.Value),
    };

    private static bool Prunes(NetworkRecord network, params string[] filters) =>
        new NetworkPruneFilter(FilterArgs.FromPairs(filters.Select(FilterSyntax.Split)), s_now).Matches(network);

    [Fact]
    public void Until_keeps_networks_created_since()
    {
        Assert.True(Prunes(Network(-120), "until=1h"));
        Assert.False(Prunes(Network(-30), "until=1h"));
        Assert.True(Prunes(Network(-30), "until=" + s_now.AddMinutes(-10).ToUnixTimeSeconds()));
        Assert.False(Prunes(Network(-30), "until=2026-01-01T11:00:00Z"));
        Assert.True(Prunes(Network(-30)));
    }

    [Fact]
    public void Label_selects_and_label_bang_spares()
    {
        var keep = Network(-1, ("keep", "yes"));
        var dev = Network(-1, ("env", "dev"));
        Assert.True(Prunes(dev, "label=env"));
        Assert.True(Prunes(dev, "label=env=dev"));
        Assert.False(Prunes(keep, "label=env"));
        Assert.False(Prunes(keep, "label!=keep"));
        Assert.True(Prunes(dev, "label!=keep"));
        Assert.True(Prunes(keep, "label!=keep=no"));
    }

    [Theory]
    [InlineData("bogus=1", "invalid filter 'bogus'")]
    [InlineData("name=x", "invalid filter 'name'")]
    [InlineData("until=x", "failed to parse value as time or duration: \"x\"")]
    public void Bad_filters_are_refused_with_dockers_words(string filter, string message)
    {
        var error = Assert.Throws<EngineException>(() => Prunes(Network(0), filter));
        Assert.Equal(message, error.Message);
    }
}
