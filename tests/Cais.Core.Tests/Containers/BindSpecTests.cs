using Cais.Common;
using Cais.Containers;

namespace Cais.Core.Tests.Containers;

/// <summary>The docker CLI's handling of -v sources before the engine sees them.</summary>
public sealed class BindSpecTests
{
    [Theory]
    [InlineData("./data:/x", "/home/u/project/data:/x")]
    [InlineData("./:/x:ro", "/home/u/project:/x:ro")]
    [InlineData(".:/x", "/home/u/project:/x")]
    [InlineData("../other:/x", "/home/u/other:/x")]
    [InlineData("/abs:/x", "/abs:/x")]
    [InlineData("named:/x", "named:/x")]
    [InlineData(".hidden:/x", "/home/u/project/.hidden:/x")]
    public void A_source_starting_with_a_dot_is_made_absolute_against_the_working_directory(string spec, string expected) =>
        Assert.Equal(expected, BindSpec.WithAbsoluteSource(spec, "/home/u/project"));

    [Theory]
    [InlineData(":/x")]
    [InlineData("/a::/x")]
    public void An_empty_section_is_the_clients_error(string spec)
    {
        var e = Assert.Throws<EngineException>(() => BindSpec.Parse(spec));

        Assert.Equal($"invalid spec: {spec}: empty section between colons", e.Message);
        Assert.True(e.IsClientError);
    }
}
