using Cais.Linux;

namespace Cais.Archive;

/// <summary>
/// The changes between two full trees (the copying snapshotter's parent and child): what is only in or differs in
/// <c>upper</c> is an entry, what is only in <c>lower</c> a deletion. A changed entry's unchanged parent directories
/// come before it, as Docker writes them, so a layer never relies on its parent's directory metadata.
/// </summary>
public static class TreeChanges
{
    public static IEnumerable<LayerChange> Between(string lower, string upper) => Walk(lower, upper, string.Empty);

    private static IEnumerable<LayerChange> Walk(string? lower, string upper, string relative)
    {
        var upperNames = OverlayChanges.SortedEntries(upper);
        var lowerNames = lower is null ? [] : OverlayChanges.SortedEntries(lower);
        foreach (var name in upperNames.Union(lowerNames).Order(StringComparer.Ordinal))
        {
            var child = relative.Length == 0 ? name : relative + "/" + name;
            var upperPath = Path.Combine(upper, name);
            var lowerPath = lower is null ? null : Path.Combine(lower, name);
            if (!FileSystemAt.TryLStat(upperPath, out var now))
            {
                yield return new LayerChange(child, LayerChangeKind.Whiteout);
                continue;
            }

            var before = lowerPath is not null && FileSystemAt.TryLStat(lowerPath, out var old) ? old : (FileStatus?)null;
            var changed = before is not { } b || Differs(b, now, lowerPath!, upperPath);
            if (!now.IsDirectory)
            {
                if (changed)
                {
                    yield return new LayerChange(child, LayerChangeKind.Entry, upperPath);
                }

                continue;
            }

            // A directory that replaced a file has no lower contents to compare with.
            var lowerChild = before is { IsDirectory: true } ? lowerPath : null;
            var emitted = false;
            if (changed)
            {
                emitted = true;
                yield return new LayerChange(child, LayerChangeKind.Entry, upperPath);
            }

            foreach (var change in Walk(lowerChild, upperPath, child))
            {
                if (!emitted)
                {
                    emitted = true;
                    yield return new LayerChange(child, LayerChangeKind.Entry, upperPath);
                }

                yield return change;
            }
        }
    }

    private static bool Differs(FileStatus before, FileStatus now, string lowerPath, string upperPath)
    {
        if (before.Mode != now.Mode || before.Uid != now.Uid || before.Gid != now.Gid
            || before.RdevMajor != now.RdevMajor || before.RdevMinor != now.RdevMinor)
        {
            return true;
        }

        if (now.IsSymlink)
        {
            return !string.Equals(new FileInfo(lowerPath).LinkTarget, new FileInfo(upperPath).LinkTarget, StringComparison.Ordinal);
        }

        if (!XattrsEqual(lowerPath, upperPath))
        {
            return true;
        }

        if (!now.IsRegularFile)
        {
            return !now.IsDirectory && before.Modified != now.Modified;
        }

        if (before.Size != now.Size || before.ModifiedSeconds != now.ModifiedSeconds || before.ModifiedNanoseconds != now.ModifiedNanoseconds)
        {
            return true;
        }

        // Same size and time: unchanged (copies keep times), unless the filesystem keeps no sub-second times, where a
        // rewrite within the same second would look the same: then the bytes decide.
        return now.ModifiedNanoseconds == 0 && !SameContent(lowerPath, upperPath);
    }

    private static bool XattrsEqual(string lowerPath, string upperPath)
    {
        var before = FileSystemAt.ListXattrs(lowerPath);
        var now = FileSystemAt.ListXattrs(upperPath);
        return before.Count == now.Count
            && now.All(name => before.Contains(name, StringComparer.Ordinal)
                && (FileSystemAt.GetXattr(lowerPath, name) ?? []).AsSpan().SequenceEqual(FileSystemAt.GetXattr(upperPath, name)));
    }

    private static bool SameContent(string a, string b)
    {
        using var first = File.OpenRead(a);
        using var second = File.OpenRead(b);
        var x = new byte[1 << 16];
        var y = new byte[1 << 16];
        while (true)
        {
            var n = first.ReadAtLeast(x, x.Length, throwOnEndOfStream: false);
            var m = second.ReadAtLeast(y, y.Length, throwOnEndOfStream: false);
            if (n != m || !x.AsSpan(0, n).SequenceEqual(y.AsSpan(0, m)))
            {
                return false;
            }

            if (n == 0)
            {
                return true;
            }
        }
    }
}
