using System.Globalization;
using System.Security.Cryptography;
using Cais.Linux;

namespace Cais.TestSupport;

/// <summary>
/// A directory tree described line by line (path, type, mode, owner, content hash or link target, device numbers,
/// hard-link partner), so two trees compare with one Assert.Equal and a difference reads as a diff.
/// Directory times are left out: writing into a directory changes them.
/// </summary>
public static class TreeListing
{
    public static IReadOnlyList<string> Of(string root)
    {
        var lines = new List<string>();
        var firstPathOfInode = new Dictionary<ulong, string>();
        Walk(root, string.Empty, lines, firstPathOfInode);
        return lines;
    }

    private static void Walk(string directory, string relative, List<string> lines, Dictionary<ulong, string> firstPathOfInode)
    {
        var names = Directory.EnumerateFileSystemEntries(directory).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var path = Path.Combine(directory, name);
            var child = relative + "/" + name;
            var status = FileSystemAt.LStat(path);
            var line = string.Create(CultureInfo.InvariantCulture, $"{child} {Convert.ToString(status.Mode, 8)} {status.Uid}:{status.Gid}");
            if (status.IsSymlink)
            {
                line += " -> " + new FileInfo(path).LinkTarget;
            }
            else if (status.IsRegularFile)
            {
                line += string.Create(CultureInfo.InvariantCulture, $" {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))} t={status.ModifiedSeconds}");
                if (status.LinkCount > 1)
                {
                    line += firstPathOfInode.TryGetValue(status.Inode, out var first) ? " link=" + first : string.Empty;
                    firstPathOfInode.TryAdd(status.Inode, child);
                }
            }
            else if (!status.IsDirectory)
            {
                line += string.Create(CultureInfo.InvariantCulture, $" dev {status.RdevMajor},{status.RdevMinor}");
            }

            lines.Add(line);
            if (status.IsDirectory)
            {
                Walk(path, child, lines, firstPathOfInode);
            }
        }
    }
}
