using Cais.Common;
using Cais.Linux;
using Cais.TestSupport;

namespace Cais.Core.Tests.Containers.Spec;

public sealed class RootedFileTests
{
    [Fact]
    public void Device_node_is_refused_without_being_read()
    {
        // /dev/zero would read forever; with "/" as the root the device itself is reachable without root rights.
        var error = Assert.Throws<EngineException>(() => InRootResolver.OpenRegular("/", "/dev/zero"));

        Assert.Contains("not a regular file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Symlink_to_a_device_outside_the_rootfs_is_just_missing()
    {
        using var rootfs = new TempDirectory("spec-rooted");
        File.CreateSymbolicLink(rootfs.Combine("zero"), "/dev/zero");

        Assert.Null(InRootResolver.OpenRegular(rootfs.Path, "/zero"));
    }

    [Fact]
    public async Task Reads_a_regular_file_through_dotdot_and_symlinks()
    {
        using var rootfs = new TempDirectory("spec-rooted");
        Directory.CreateDirectory(rootfs.Combine("a", "b"));
        File.WriteAllText(rootfs.Combine("a", "file"), "content");
        File.CreateSymbolicLink(rootfs.Combine("a", "b", "link"), "../file");

        var text = await InRootResolver.ReadAllTextAsync(rootfs.Path, "/../a/./b/link", 100, CancellationToken.None);

        Assert.Equal("content", text);
    }
}
