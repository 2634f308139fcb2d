using Cais.Api;
using Cais.Common;
using Cais.Network.Views;

namespace Cais.Core.Tests.Network;

public sealed class NetworkFilterTests
{
    private static readonly Dictionary<string, string> s_labels = new() { ["team"] = "web", ["tier"] = "" };

    private static readonly NetworkResource s_front = new() { Id = "abc123", Name = "front-net", Driver = "bridge", Scope = "local", Labels = s_labels };

    private static FilterArgs Parse(params string[] filters)
    {
        var args = FilterArgs.FromPairs(filters.Select(FilterSyntax.Split));
        NetworkFilters.Validate(args);
        return args;
    }

    private static bool Front(params string[] filters) => NetworkFilters.Matches(Parse(filters), s_front, builtin: false, used: true);

    [Theory]
    [InlineData("name=front")]
    [InlineData("name=net")]
    [InlineData("name=^front-net$")]
    [InlineData("id=abc")]
    [InlineData("scope=local")]
    [InlineData("driver=bridge")]
    [InlineData("label=team")]
    [InlineData("label=team=web")]
    [InlineData("label=tier=")]
    [InlineData("type=custom")]
    [InlineData("dangling=false")]
    public void Matching_filters_keep_the_network(string filter) => Assert.True(Front(filter));

    [Theory]
    [InlineData("name=back")]
    [InlineData("name=^net")]
    [InlineData("name=[")]
    [InlineData("id=^bc")]
    [InlineData("scope=swarm")]
    [InlineData("driver=host")]
    [InlineData("label=owner")]
    [InlineData("label=team=db")]
    [InlineData("type=builtin")]
    [InlineData("dangling=true")]
    public void Other_filters_drop_it(string filter) => Assert.False(Front(filter));

    [Fact]
    public void Values_of_one_key_are_alternatives_and_keys_must_all_match()
    {
        Assert.True(Front("name=back", "name=front"));
        Assert.False(Front("name=front", "driver=host"));
        Assert.True(Front("label=team", "label=tier"));
        Assert.False(Front("label=team", "label=owner"));
        Assert.True(Front());
    }

    [Theory]
    [InlineData("nokey", "bad format of filter (expected name=value)")]
    [InlineData("color=red", "invalid filter 'color'")]
    [InlineData("type=other", "invalid filter: 'type'='other'")]
    [InlineData("dangling=maybe", "invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")")]
    [InlineData("label!=x", "invalid filter 'label!'")]
    public void Bad_filters_are_refused_with_dockers_words(string filter, string message)
    {
        var error = Assert.Throws<EngineException>(() => Parse(filter));
        Assert.Equal(message, error.Message);
    }
}
