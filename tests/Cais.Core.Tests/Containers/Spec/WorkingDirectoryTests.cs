using Cais.Common;
using Cais.Containers.Spec;

namespace Cais.Core.Tests.Containers.Spec;

public sealed class WorkingDirectoryTests
{
    [Theory]
    [InlineData(null, null, "/")]
    [InlineData("", "", "/")]
    [InlineData(null, "/app", "/app")]
    [InlineData("/work", "/app", "/work")]
    [InlineData("/a//b/./c/../", null, "/a/b")]
    [InlineData("/..", null, "/")]
    public void User_wins_over_image_over_root(string? user, string? image, string expected)
    {
        Assert.Equal(expected, WorkingDirectory.Resolve(user, image));
    }

    [Theory]
    [InlineData("x", null)]
    [InlineData("relative/dir", "/app")]
    [InlineData(null, "app")]
    public void Relative_directory_is_rejected(string? user, string? image)
    {
        var error = Assert.Throws<EngineException>(() => WorkingDirectory.Resolve(user, image));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal($"the working directory '{user ?? image}' is invalid, it needs to be an absolute path", error.Message);
    }
}
