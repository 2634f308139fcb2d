using Cais.Linux;
using Cais.Snapshots;
using Cais.TestSupport;

namespace Cais.Core.Tests.Snapshots;

/// <summary>
/// A layer's size counted as Docker counts <c>SizeRw</c>: apparent sizes of everything but directories, a hard-linked
/// file once, symlinks at their target's length (figures checked against dockerd 20.10 on overlay2 and vfs).
/// </summary>
public sealed class TreeUsageTests : IDisposable
{
    private readonly TempDirectory _tree = new("cais-usage");
    private readonly TempDirectory _parent = new("cais-usage-parent");

    [Fact]
    public void A_missing_or_empty_tree_is_zero()
    {
        Assert.Equal(0, TreeUsage.Measure(_tree.Combine("missing")));
        Directory.CreateDirectory(_tree.Combine("a", "b", "c"));
        Assert.Equal(0, TreeUsage.Measure(_tree.Path));
    }

    [Fact]
    public void Files_in_nested_directories_count_at_their_length_and_directories_count_nothing()
    {
        Directory.CreateDirectory(_tree.Combine("root", "deep"));
        File.WriteAllBytes(_tree.Combine("root", "f"), new byte[12345]);
        File.WriteAllText(_tree.Combine("root", "deep", "x"), "hi\n");

        Assert.Equal(12348, TreeUsage.Measure(_tree.Path));
    }

    [Fact]
    public void A_file_with_several_hard_links_counts_once()
    {
        File.WriteAllBytes(_tree.Combine("f"), new byte[12345]);
        Directory.CreateDirectory(_tree.Combine("sub"));
        using (var root = FileSystemAt.OpenDirectoryPath(_tree.Path))
        using (var sub = FileSystemAt.OpenDirectoryPath(_tree.Combine("sub")))
        {
            Assert.Equal(0, FileSystemAt.TryLink(root, "f", root, "g"));
            Assert.Equal(0, FileSystemAt.TryLink(root, "f", sub, "h"));
        }

        Assert.Equal(12345, TreeUsage.Measure(_tree.Path));
    }

    [Fact]
    public void A_sparse_file_counts_at_its_apparent_size_as_Docker_counts_it()
    {
        using (var sparse = new FileStream(_tree.Combine("sparse"), FileMode.CreateNew))
        {
            sparse.SetLength(10_000_001);
        }

        Assert.Equal(10_000_001, TreeUsage.Measure(_tree.Path));
    }

    [Fact]
    public void A_symlink_counts_its_target_length_and_is_never_followed()
    {
        File.WriteAllBytes(_parent.Combine("big"), new byte[5000]);
        File.CreateSymbolicLink(_tree.Combine("link"), "/nonexistent/long/target");
        Directory.CreateSymbolicLink(_tree.Combine("dir-link"), _parent.Path);

        Assert.Equal("/nonexistent/long/target".Length + _parent.Path.Length, TreeUsage.Measure(_tree.Path));
    }

    [Fact]
    public void Changes_count_what_was_added_or_modified_relative_to_the_parent_and_nothing_deleted()
    {
        Directory.CreateDirectory(_parent.Combine("etc"));
        File.WriteAllBytes(_parent.Combine("etc", "kept"), new byte[1000]);
        File.WriteAllBytes(_parent.Combine("etc", "changed"), new byte[1000]);
        File.WriteAllBytes(_parent.Combine("etc", "deleted"), new byte[1000]);
        CopyPreservingTimes(_parent.Path, _tree.Path);
        File.Delete(_tree.Combine("etc", "deleted"));
        File.WriteAllBytes(_tree.Combine("etc", "changed"), new byte[10]);
        Directory.CreateDirectory(_tree.Combine("new"));
        File.WriteAllBytes(_tree.Combine("new", "file"), new byte[7]);

        Assert.Equal(3000, TreeUsage.Measure(_parent.Path));
        Assert.Equal(17, TreeUsage.MeasureChanges(_tree.Path, _parent.Path));
    }

    [Fact]
    public void A_file_whose_only_change_is_its_time_or_mode_counts_whole()
    {
        File.WriteAllBytes(_parent.Combine("touched"), new byte[100]);
        File.WriteAllBytes(_parent.Combine("chmodded"), new byte[200]);
        CopyPreservingTimes(_parent.Path, _tree.Path);
        File.SetLastWriteTimeUtc(_tree.Combine("touched"), DateTime.UtcNow.AddDays(1));
        File.SetUnixFileMode(_tree.Combine("chmodded"), UnixFileMode.UserRead);

        Assert.Equal(300, TreeUsage.MeasureChanges(_tree.Path, _parent.Path));
    }

    public void Dispose()
    {
        _tree.Dispose();
        _parent.Dispose();
    }

    private static void CopyPreservingTimes(string source, string destination)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            // A whole second on both sides: a DateTime keeps 100 ns, the file system nanoseconds.
            var time = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            File.Copy(file, target);
            File.SetLastWriteTimeUtc(file, time);
            File.SetLastWriteTimeUtc(target, time);
        }
    }
}
