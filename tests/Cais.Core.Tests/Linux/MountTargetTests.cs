using Cais.Linux;
using Cais.TestSupport;

namespace Cais.Core.Tests.Linux;

public sealed class MountTargetTests : IDisposable
{
    private readonly TempDirectory _rootfs = new("mount-target");
    private readonly TempDirectory _outside = new("mount-target-outside");

    public void Dispose()
    {
        _rootfs.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public void Missing_file_target_is_created_empty_with_its_parents()
    {
        MountTarget.EnsureFile(_rootfs.Path, "/opt/app/config.txt");

        var info = new FileInfo(_rootfs.Combine("opt", "app", "config.txt"));
        Assert.True(info.Exists);
        Assert.Equal(0, info.Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, info.UnixFileMode);
    }

    [Fact]
    public void Existing_file_or_directory_is_left_as_it_is()
    {
        Directory.CreateDirectory(_rootfs.Combine("etc", "dir"));
        File.WriteAllText(_rootfs.Combine("etc", "passwd"), "root");

        MountTarget.EnsureFile(_rootfs.Path, "/etc/passwd");
        MountTarget.EnsureFile(_rootfs.Path, "/etc/dir");

        Assert.Equal("root", File.ReadAllText(_rootfs.Combine("etc", "passwd")));
        Assert.True(Directory.Exists(_rootfs.Combine("etc", "dir")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Target_symlinked_outside_the_rootfs_is_created_inside_it(bool absolute)
    {
        // A hostile image: the target, then a parent of it, point at a host directory (absolute, or by climbing "..").
        var hostFile = Path.Combine(_outside.Path, "pwned");
        var link = absolute ? hostFile : "../../../../../../../../.." + hostFile;
        Directory.CreateDirectory(_rootfs.Combine("etc"));
        File.CreateSymbolicLink(_rootfs.Combine("etc", "target"), link);
        File.CreateSymbolicLink(_rootfs.Combine("parent"), absolute ? _outside.Path : "../../../../../../../.." + _outside.Path);

        MountTarget.EnsureFile(_rootfs.Path, "/etc/target");
        MountTarget.EnsureFile(_rootfs.Path, "/parent/sub/file");

        Assert.Empty(Directory.GetFileSystemEntries(_outside.Path));
        Assert.True(File.Exists(_rootfs.Path + hostFile));
        Assert.True(File.Exists(Path.Combine(_rootfs.Path + _outside.Path, "sub", "file")));
        Assert.Equal(link, new FileInfo(_rootfs.Combine("etc", "target")).LinkTarget);
    }

    [Fact]
    public void Symlink_loop_is_refused()
    {
        File.CreateSymbolicLink(_rootfs.Combine("a"), "/b");
        File.CreateSymbolicLink(_rootfs.Combine("b"), "/a");

        Assert.Throws<Cais.Common.EngineException>(() => MountTarget.EnsureFile(_rootfs.Path, "/a"));
        Assert.Empty(Directory.GetFileSystemEntries(_outside.Path));
    }
}
