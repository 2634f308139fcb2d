using Cais.Api;

namespace Cais.Core.Tests.Api;

public sealed class FilterArgsTests
{
    [Fact]
    public void The_api_map_form_is_read()
    {
        var filters = FilterArgs.FromJson("""{"name":{"web":true,"db":true},"status":{"running":true}}""");
        Assert.Equal(["web", "db"], filters.Get("name"));
        Assert.Equal(["running"], filters.Get("status"));
        Assert.Equal(["name", "status"], filters.Keys);
    }

    [Fact]
    public void The_legacy_list_form_is_read_too()
    {
        var filters = FilterArgs.FromJson("""{"label":["a=b","c"]}""");
        Assert.Equal(["a=b", "c"], filters.Get("label"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{}")]
    public void Nothing_is_no_filter(string? json) => Assert.True(FilterArgs.FromJson(json).IsEmpty);

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("""{"name":"web"}""")]
    [InlineData("""{"name":[1]}""")]
    public void Malformed_filters_are_a_format_error(string json)
    {
        var error = Assert.Throws<FormatException>(() => FilterArgs.FromJson(json));
        Assert.StartsWith("invalid filter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_map_form_round_trips()
    {
        var filters = new FilterArgs().Add("name", "web").Add("name", "db").Add("label", "a=b");
        var json = filters.ToJson();
        Assert.Equal("""{"name":{"web":true,"db":true},"label":{"a=b":true}}""", json);
        Assert.Equal(filters.Pairs, FilterArgs.FromJson(json).Pairs);
    }
}
