using System.Runtime.InteropServices;
using Cais.Common;
using Cais.Linux.Interop;

namespace Cais.Linux;

/// <summary>mount(2) and umount2(2) with errors that name the target.</summary>
public static class Mounts
{
    private const int EINVAL = 22;
    private const int ENOENT = 2;

    public static void Mount(string source, string target, string? fstype, ulong flags, string? data)
    {
        if (Libc.Mount(source, target, fstype, flags, data) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new EngineException(ErrorKind.Unknown,
                $"mount {fstype ?? "bind"} on {target}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    /// <summary>Bind-mounts <paramref name="source"/> (a file or directory) onto the existing <paramref name="target"/>.</summary>
    public static void Bind(string source, string target) => Mount(source, target, null, Libc.MS_BIND, null);

    /// <summary>Unmounts <paramref name="target"/>; a path that is not mounted (or gone) is not an error.</summary>
    public static void Unmount(string target, bool detach = false)
    {
        var flags = Libc.UMOUNT_NOFOLLOW | (detach ? Libc.MNT_DETACH : 0);
        if (Libc.Umount2(target, flags) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is EINVAL or ENOENT)
            {
                return;
            }

            throw new EngineException(ErrorKind.Unknown, $"unmount {target}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    public static bool IsMountPoint(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd('/');
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4 && Unescape(fields[4]) == full)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every mount point at or below <paramref name="prefix"/>, deepest first (the order to unmount in).</summary>
    public static IReadOnlyList<string> MountsUnder(string prefix)
    {
        var full = Path.GetFullPath(prefix).TrimEnd('/');
        var found = new List<string>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length <= 4)
            {
                continue;
            }

            var point = Unescape(fields[4]);
            if (point == full || point.StartsWith(full + "/", StringComparison.Ordinal))
            {
                found.Add(point);
            }
        }

        found.Sort((a, b) => b.Length.CompareTo(a.Length));
        return found;
    }

    /// <summary>
    /// Opens a directory as an O_PATH descriptor. overlayfs resolves <c>/proc/self/fd/N</c> in lowerdir, which keeps
    /// the mount options far below the one-page limit however long the state root path is.
    /// </summary>
    public static int OpenPath(string directory)
    {
        var fd = Libc.Open(directory, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new EngineException(ErrorKind.Unknown, $"open {directory}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        return fd;
    }

    public static void Close(int fd) => Libc.Close(fd);

    private static string Unescape(string field) =>
        field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
            .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);
}
