using Cais.Linux;
using Microsoft.Win32.SafeHandles;

namespace Cais.Snapshots;

/// <summary>
/// Bytes a tree's files take, counted the way Docker counts a layer or a container's writable layer (its
/// <c>SizeRw</c>), so that <c>ps --size</c> and <c>inspect --size</c> print Docker's figures for the same files.
/// </summary>
/// <remarks>
/// Docker (moby's directory size walk, and its change-size count for the copying driver) adds the apparent size
/// (st_size) of every entry that is not a directory: regular files at their length even when sparse, symlinks at the
/// length of their target, whiteouts and other devices at 0; a file with several hard links once. It counts neither
/// allocated blocks (containerd's snapshotters do) nor directories. Checked against dockerd 20.10 and the docker CLI
/// 28: a container that wrote a 12345-byte file, a hard link to it and "hi\n" reports <c>SizeRw</c> 12348.
/// The walk never follows a symlink: every entry is stat'ed relative to its pinned parent.
/// </remarks>
internal static class TreeUsage
{
    /// <summary>Every non-directory entry under <paramref name="directory"/>; 0 when it does not exist.</summary>
    public static long Measure(string directory)
    {
        using var root = TryOpenDirectory(directory);
        if (root is null)
        {
            return 0;
        }

        var counter = new Counter();
        Walk(root, null, counter);
        return counter.Total;
    }

    /// <summary>
    /// Only what the copy <paramref name="directory"/> added or changed relative to <paramref name="parentDirectory"/>
    /// (the copying snapshotter's container holds its image's whole tree): Docker's vfs driver reports the same,
    /// comparing each entry's type, mode, owner, device, size and modification time with its parent's. Deleted
    /// entries take no space and count nothing.
    /// </summary>
    public static long MeasureChanges(string directory, string parentDirectory)
    {
        using var root = TryOpenDirectory(directory);
        if (root is null)
        {
            return 0;
        }

        using var parent = TryOpenDirectory(parentDirectory);
        var counter = new Counter();
        Walk(root, parent, counter);
        return counter.Total;
    }

    private static void Walk(SafeFileHandle directory, SafeFileHandle? original, Counter counter)
    {
        foreach (var name in FileSystemAt.ReadDirectory(directory))
        {
            if (FileSystemAt.TryStat(directory, name, out var status) != 0)
            {
                continue; // Gone since the directory was read (a running container's files come and go).
            }

            FileStatus before = default;
            var existed = original is not null && FileSystemAt.TryStat(original, name, out before) == 0;
            if (status.IsDirectory)
            {
                if (FileSystemAt.TryOpenSubdirectory(directory, name, out var child) != 0)
                {
                    continue;
                }

                using (child)
                {
                    SafeFileHandle? originalChild = null;
                    if (existed && before.IsDirectory)
                    {
                        _ = FileSystemAt.TryOpenSubdirectory(original!, name, out originalChild);
                    }

                    using (originalChild)
                    {
                        Walk(child, originalChild is { IsInvalid: false } ? originalChild : null, counter);
                    }
                }

                continue;
            }

            if (original is null || !existed || Changed(before, status))
            {
                counter.Add(status);
            }
        }
    }

    private static bool Changed(FileStatus before, FileStatus after) =>
        before.Mode != after.Mode || before.Uid != after.Uid || before.Gid != after.Gid ||
        before.RdevMajor != after.RdevMajor || before.RdevMinor != after.RdevMinor || before.Size != after.Size ||
        before.ModifiedSeconds != after.ModifiedSeconds || before.ModifiedNanoseconds != after.ModifiedNanoseconds;

    private static SafeFileHandle? TryOpenDirectory(string path)
    {
        try
        {
            return FileSystemAt.OpenDirectoryPath(path);
        }
        catch (Common.EngineException)
        {
            return null;
        }
    }

    private sealed class Counter
    {
        private readonly HashSet<ulong> _linked = [];

        public long Total { get; private set; }

        public void Add(FileStatus status)
        {
            // One inode with several names is one file's bytes (a tree lives on one filesystem, so inodes are unique).
            if (status.Size == 0 || (status.LinkCount > 1 && !_linked.Add(status.Inode)))
            {
                return;
            }

            Total += status.Size;
        }
    }
}
