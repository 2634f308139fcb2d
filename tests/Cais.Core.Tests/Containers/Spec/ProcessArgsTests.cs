using Cais.Common;
using Cais.Containers.Spec;
using Cais.Oci.Image;

namespace Cais.Core.Tests.Containers.Spec;

public sealed class ProcessArgsTests
{
    // image entrypoint | image cmd | user entrypoint (null = none, "~" = empty list) | user cmd | expected argv
    // Lists are '|'-separated; "" entries are written as '<>'.
    [Theory]
    [InlineData(null, "sh", null, "", "sh")]
    [InlineData(null, "sh", null, "echo|hi", "echo|hi")]
    [InlineData("/entry", "default|arg", null, "", "/entry|default|arg")]
    [InlineData("/entry", "default|arg", null, "mine", "/entry|mine")]
    [InlineData("/entry", "default", "/other", "", "/other")] // overriding the entrypoint drops the image's Cmd
    [InlineData("/entry", "default", "/other", "x|y", "/other|x|y")]
    [InlineData("/entry", "default", "<>", "ls|-l", "ls|-l")] // --entrypoint "" clears it
    [InlineData("/entry", "default", "~", "", "default")] // API "Entrypoint": [] keeps the image's Cmd
    [InlineData("/entry", "default", "~", "ls", "ls")]
    [InlineData(null, null, "/bin/a|-x", "b", "/bin/a|-x|b")]
    public void Combines_entrypoint_and_cmd_like_docker(string? imageEntry, string? imageCmd, string? userEntry, string userCmd, string expected)
    {
        var image = new ContainerDefaults { Entrypoint = List(imageEntry), Cmd = List(imageCmd) };
        var entrypoint = userEntry == "~" ? [] : List(userEntry);

        var args = ProcessArgs.Resolve(image, List(userCmd) ?? [], entrypoint);

        Assert.Equal(List(expected), args);
    }

    [Theory]
    [InlineData(null, null, null, "")]
    [InlineData("/entry", "sh", "<>", "")] // entrypoint cleared and image Cmd dropped → nothing to run
    [InlineData(null, "sh", "<>", "")]
    public void Nothing_to_run_is_an_error(string? imageEntry, string? imageCmd, string? userEntry, string userCmd)
    {
        var image = new ContainerDefaults { Entrypoint = List(imageEntry), Cmd = List(imageCmd) };

        var error = Assert.Throws<EngineException>(() => ProcessArgs.Resolve(image, List(userCmd) ?? [], List(userEntry)));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("no command specified", error.Message);
    }

    [Fact]
    public void No_image_defaults_uses_user_cmd()
    {
        Assert.Equal(["true"], ProcessArgs.Resolve(null, ["true"], null));
    }

    private static string[]? List(string? text) =>
        text is null ? null : text.Length == 0 ? [] : [.. text.Split('|').Select(s => s == "<>" ? "" : s)];
}
