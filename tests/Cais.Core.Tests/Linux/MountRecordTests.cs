using Cais.Linux;

namespace Cais.Core.Tests.Linux;

public sealed class MountRecordTests
{
    [Fact]
    public void Lower_directories_with_colons_and_backslashes_survive_joining_and_splitting()
    {
        string[] directories = ["/a/plain", "/b/with:colon", "/c/back\\slash", "/d/both\\:"];

        var joined = Mount.JoinLowerDirs(directories);

        Assert.Equal(directories, Mount.SplitLowerDirs(joined));
        Assert.Equal(4, Mount.SplitLowerDirs(joined).Count);
    }

    [Fact]
    public void Options_are_read_by_key_and_flag()
    {
        var mount = new Mount("overlay", "overlay", ["lowerdir=/l", "upperdir=/u", "ro"]);

        Assert.Equal("/u", mount.Option("upperdir"));
        Assert.Null(mount.Option("workdir"));
        Assert.True(mount.Has("ro"));
        Assert.False(mount.Has("rw"));
    }

    [Fact]
    public void The_writable_directory_is_a_binds_source_or_overlays_upper_and_nothing_else()
    {
        Assert.Equal("/x", Mounter.WritableDirectory([Mount.Bind("/x", readOnly: false)]));
        Assert.Equal("/u", Mounter.WritableDirectory([new Mount("overlay", "overlay", ["lowerdir=/l", "upperdir=/u", "workdir=/w"])]));
        Assert.Throws<Cais.Common.EngineException>(() => Mounter.WritableDirectory([Mount.Bind("/x", readOnly: true)]));
        Assert.Throws<Cais.Common.EngineException>(() => Mounter.WritableDirectory([new Mount("overlay", "overlay", ["lowerdir=/a:/b", "ro"])]));
    }
}
