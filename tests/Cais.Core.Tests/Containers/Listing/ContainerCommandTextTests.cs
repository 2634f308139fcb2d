using Cais.Containers.Listing;

namespace Cais.Core.Tests.Containers.Listing;

/// <summary>The list's Command text as Docker's daemon writes it (the texts a real dockerd 20.10 answered).</summary>
public sealed class ContainerCommandTextTests
{
    [Theory]
    [InlineData(new[] { "sleep", "1000" }, "sleep 1000")]
    [InlineData(new[] { "sh", "-c", "exit 2" }, "sh -c 'exit 2'")]
    [InlineData(new[] { "sh", "-c", "echo \"a b\" c" }, "sh -c 'echo \"a b\" c'")]
    [InlineData(new[] { "echo", "tab\tx", "", "dq\"x", "back\\slash" }, "echo tab\tx  dq\"x back\\slash")]
    [InlineData(new[] { "/bin/my prog" }, "/bin/my prog")]
    [InlineData(new[] { "true" }, "true")]
    public void Arguments_with_a_space_are_single_quoted_and_nothing_is_escaped(string[] argv, string text) =>
        Assert.Equal(text, ContainerCommandText.Of(argv));
}
