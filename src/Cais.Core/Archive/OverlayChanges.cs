using Cais.Linux;
using Cais.Linux.Interop;

namespace Cais.Archive;

/// <summary>
/// The changes an overlay upper directory holds: everything in it is added or modified, except overlayfs's own
/// markers, which become OCI ones: a 0/0 character device is a deletion, a directory with the opaque xattr hides
/// its lower contents.
/// </summary>
public static class OverlayChanges
{
    private static readonly string[] s_opaqueXattrs = ["trusted.overlay.opaque", "user.overlay.opaque"];

    /// <summary>Changes in a stable order: names sorted, a directory before its contents, its opaque marker first.</summary>
    public static IEnumerable<LayerChange> Of(string upper) => Walk(upper, string.Empty);

    private static IEnumerable<LayerChange> Walk(string directory, string relative)
    {
        foreach (var name in SortedEntries(directory))
        {
            var path = Path.Combine(directory, name);
            var child = relative.Length == 0 ? name : relative + "/" + name;
            var status = FileSystemAt.LStat(path);
            if (status.Type == Libc.S_IFCHR && status.RdevMajor == 0 && status.RdevMinor == 0)
            {
                yield return new LayerChange(child, LayerChangeKind.Whiteout);
                continue;
            }

            yield return new LayerChange(child, LayerChangeKind.Entry, path);
            if (!status.IsDirectory)
            {
                continue;
            }

            if (s_opaqueXattrs.Any(x => FileSystemAt.GetXattr(path, x) is [(byte)'y']))
            {
                yield return new LayerChange(child, LayerChangeKind.Opaque);
            }

            foreach (var change in Walk(path, child))
            {
                yield return change;
            }
        }
    }

    internal static List<string> SortedEntries(string directory)
    {
        var names = Directory.EnumerateFileSystemEntries(directory).Select(p => Path.GetFileName(p)).ToList();
        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
