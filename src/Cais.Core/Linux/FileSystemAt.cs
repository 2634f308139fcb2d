using System.Runtime.InteropServices;
using System.Text;
using Cais.Common;
using Cais.Linux.Interop;
using Microsoft.Win32.SafeHandles;

namespace Cais.Linux;

/// <summary>
/// Safe wrappers over the *at() syscalls. Every operation names its target as (pinned directory fd, single
/// name) and never follows a symlink in the final component, so a hostile tree cannot redirect it elsewhere.
/// Try* methods return 0 or an errno so callers can branch on ENOENT/EEXIST without exceptions.
/// </summary>
internal static unsafe class FileSystemAt
{
    public static int Fd(SafeFileHandle handle) => (int)handle.DangerousGetHandle();

    public static SafeFileHandle OpenDirectoryPath(string path)
    {
        var fd = Libc.OpenAt(Libc.AT_FDCWD, path, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw Error(Marshal.GetLastPInvokeError(), "open directory", path);
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    public static int TryOpen(SafeFileHandle dir, string name, int flags, uint mode, out SafeFileHandle handle)
    {
        int fd;
        do
        {
            fd = Libc.OpenAt(Fd(dir), name, flags | Libc.O_CLOEXEC, mode);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR);

        if (fd < 0)
        {
            handle = new SafeFileHandle();
            return Marshal.GetLastPInvokeError();
        }

        handle = new SafeFileHandle(fd, ownsHandle: true);
        return 0;
    }

    /// <summary>Pins the directory <paramref name="name"/> in <paramref name="dir"/> (O_PATH), refusing a symlink.</summary>
    public static int TryOpenSubdirectory(SafeFileHandle dir, string name, out SafeFileHandle handle) =>
        TryOpen(dir, name, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_NOFOLLOW, 0, out handle);

    /// <summary>lstat-like: an empty name stats the fd itself.</summary>
    public static int TryStat(SafeFileHandle dir, string name, out FileStatus status) =>
        StatCore(Fd(dir), name, Libc.AT_SYMLINK_NOFOLLOW | (name.Length == 0 ? Libc.AT_EMPTY_PATH : 0), out status);

    /// <summary>lstat of an absolute or cwd-relative path (tests and diagnostics).</summary>
    public static FileStatus LStat(string path)
    {
        var rc = StatCore(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, out var status);
        return rc == 0 ? status : throw Error(rc, "stat", path);
    }

    public static bool TryLStat(string path, out FileStatus status) =>
        StatCore(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, out status) == 0;

    private static int StatCore(int dirfd, string name, int flags, out FileStatus status)
    {
        var buffer = stackalloc byte[Libc.StatxBufferSize];
        new Span<byte>(buffer, Libc.StatxBufferSize).Clear();
        if (Libc.Statx(dirfd, name, flags, Libc.STATX_BASIC_STATS, buffer) != 0)
        {
            status = default;
            return Marshal.GetLastPInvokeError();
        }

        // struct statx offsets from include/uapi/linux/stat.h; identical on every architecture.
        status = new FileStatus(
            Mode: *(ushort*)(buffer + 28),
            Uid: *(uint*)(buffer + 20),
            Gid: *(uint*)(buffer + 24),
            Inode: *(ulong*)(buffer + 32),
            DevMajor: *(uint*)(buffer + 136),
            DevMinor: *(uint*)(buffer + 140),
            RdevMajor: *(uint*)(buffer + 128),
            RdevMinor: *(uint*)(buffer + 132),
            LinkCount: *(uint*)(buffer + 16),
            Size: *(long*)(buffer + 40),
            ModifiedSeconds: *(long*)(buffer + 112),
            ModifiedNanoseconds: *(uint*)(buffer + 120));
        return 0;
    }

    public static int TryMkdir(SafeFileHandle dir, string name, uint mode) =>
        Check(Libc.MkdirAt(Fd(dir), name, mode));

    public static int TryUnlink(SafeFileHandle dir, string name, bool directory) =>
        Check(Libc.UnlinkAt(Fd(dir), name, directory ? Libc.AT_REMOVEDIR : 0));

    public static int TrySymlink(string target, SafeFileHandle dir, string name) =>
        Check(Libc.SymlinkAt(target, Fd(dir), name));

    /// <summary>Flags 0: if the old name is a symlink the link is to the symlink itself, never its target.</summary>
    public static int TryLink(SafeFileHandle oldDir, string oldName, SafeFileHandle newDir, string newName) =>
        Check(Libc.LinkAt(Fd(oldDir), oldName, Fd(newDir), newName, 0));

    public static int TryMknod(SafeFileHandle dir, string name, uint mode, uint major, uint minor) =>
        Check(Libc.MknodAt(Fd(dir), name, mode, Libc.MakeDev(major, minor)));

    /// <summary>Reads the target of a symlink opened with O_PATH|O_NOFOLLOW.</summary>
    public static int TryReadLink(SafeFileHandle symlink, out string target)
    {
        var size = 4096;
        while (true)
        {
            var buffer = new byte[size];
            nint n;
            fixed (byte* p = buffer)
            {
                n = Libc.ReadLinkAt(Fd(symlink), string.Empty, p, size);
            }

            if (n < 0)
            {
                target = string.Empty;
                return Marshal.GetLastPInvokeError();
            }

            if (n < size)
            {
                target = Encoding.UTF8.GetString(buffer, 0, (int)n);
                return 0;
            }

            size *= 2;
            if (size > 1 << 20)
            {
                target = string.Empty;
                return Libc.EINVAL;
            }
        }
    }

    public static int TryChown(SafeFileHandle dir, string name, int uid, int gid) =>
        Check(Libc.FChownAt(Fd(dir), name, unchecked((uint)uid), unchecked((uint)gid), Libc.AT_SYMLINK_NOFOLLOW));

    public static int TryChmod(SafeFileHandle file, uint mode) => Check(Libc.FChmod(Fd(file), mode));

    /// <summary>
    /// chmod without following a final symlink: the entry is pinned with O_PATH|O_NOFOLLOW and changed through
    /// its /proc/self/fd magic link, which names that inode only. Symlinks have no mode of their own and are skipped.
    /// </summary>
    public static int TryChmodNoFollow(SafeFileHandle dir, string name, uint mode)
    {
        var rc = TryOpen(dir, name, Libc.O_PATH | Libc.O_NOFOLLOW, 0, out var handle);
        if (rc != 0)
        {
            return rc;
        }

        using (handle)
        {
            rc = TryStat(handle, string.Empty, out var status);
            if (rc != 0 || status.IsSymlink)
            {
                return rc;
            }

            return Check(Libc.Chmod(ProcFdPath(handle), mode));
        }
    }

    public static int TrySetTimes(SafeFileHandle dir, string name, DateTimeOffset accessed, DateTimeOffset modified)
    {
        var times = stackalloc Libc.Timespec[2];
        times[0] = ToTimespec(accessed);
        times[1] = ToTimespec(modified);
        return Check(Libc.UtimensAt(Fd(dir), name, times, Libc.AT_SYMLINK_NOFOLLOW));
    }

    /// <summary>lsetxattr through the pinned parent: the magic link resolves the parent, the final name is not followed.</summary>
    public static int TrySetXattr(SafeFileHandle dir, string name, string attribute, ReadOnlySpan<byte> value)
    {
        var path = ProcFdPath(dir) + "/" + name;
        fixed (byte* p = value)
        {
            return Check(Libc.LSetXattr(path, attribute, p, (nuint)value.Length, 0));
        }
    }

    /// <summary>Reads an extended attribute of a path without following a final symlink (tests and diagnostics).</summary>
    public static byte[]? GetXattr(string path, string attribute)
    {
        var buffer = new byte[65536];
        nint n;
        fixed (byte* p = buffer)
        {
            n = Libc.LGetXattr(path, attribute, p, (nuint)buffer.Length);
        }

        return n < 0 ? null : buffer.AsSpan(0, (int)n).ToArray();
    }

    /// <summary>The names of a path's extended attributes, without following a final symlink (none where unsupported).</summary>
    public static IReadOnlyList<string> ListXattrs(string path)
    {
        var buffer = new byte[65536];
        nint n;
        fixed (byte* p = buffer)
        {
            n = Libc.LListXattr(path, p, (nuint)buffer.Length);
        }

        return n <= 0 ? [] : System.Text.Encoding.UTF8.GetString(buffer, 0, (int)n).Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Names in a directory (without "." and ".."), read through a fresh fd so the caller's fd is untouched.</summary>
    public static List<string> ReadDirectory(SafeFileHandle dir)
    {
        var names = new List<string>();
        var rc = TryOpen(dir, ".", Libc.O_RDONLY | Libc.O_DIRECTORY, 0, out var handle);
        if (rc != 0)
        {
            throw Error(rc, "open directory", ProcFdPath(dir));
        }

        var fd = (int)handle.DangerousGetHandle();
        handle.SetHandleAsInvalid();
        var stream = Libc.FdOpenDir(fd);
        if (stream == 0)
        {
            rc = Marshal.GetLastPInvokeError();
            _ = Libc.Close(fd);
            throw Error(rc, "read directory", ProcFdPath(dir));
        }

        try
        {
            while (true)
            {
                var entry = Libc.ReadDir(stream);
                if (entry == 0)
                {
                    break;
                }

                // struct dirent on 64-bit Linux: d_ino(8) d_off(8) d_reclen(2) d_type(1) d_name[].
                var name = Marshal.PtrToStringUTF8(entry + 19) ?? string.Empty;
                if (name is not ("." or ".." or ""))
                {
                    names.Add(name);
                }
            }
        }
        finally
        {
            _ = Libc.CloseDir(stream);
        }

        return names;
    }

    /// <summary>Removes <paramref name="name"/> in <paramref name="dir"/> and, for a directory, everything below it, never following symlinks.</summary>
    public static int TryRemoveAll(SafeFileHandle dir, string name)
    {
        var rc = TryStat(dir, name, out var status);
        if (rc != 0)
        {
            return rc == Libc.ENOENT ? 0 : rc;
        }

        if (!status.IsDirectory)
        {
            rc = TryUnlink(dir, name, directory: false);
            return rc == Libc.ENOENT ? 0 : rc;
        }

        rc = TryOpen(dir, name, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_NOFOLLOW, 0, out var child);
        if (rc != 0)
        {
            return rc;
        }

        using (child)
        {
            foreach (var entry in ReadDirectory(child))
            {
                rc = TryRemoveAll(child, entry);
                if (rc != 0)
                {
                    return rc;
                }
            }
        }

        rc = TryUnlink(dir, name, directory: true);
        return rc == Libc.ENOENT ? 0 : rc;
    }

    public static string ProcFdPath(SafeFileHandle handle) => "/proc/self/fd/" + Fd(handle).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static EngineException Error(int errno, string operation, string subject)
    {
        var kind = errno switch
        {
            Libc.ENOENT => ErrorKind.NotFound,
            Libc.EEXIST => ErrorKind.AlreadyExists,
            Libc.EPERM or Libc.EACCES => ErrorKind.PermissionDenied,
            Libc.ENOSPC => ErrorKind.Unavailable,
            Libc.EINVAL or Libc.ELOOP or Libc.ENOTDIR or Libc.EISDIR => ErrorKind.InvalidArgument,
            _ => ErrorKind.Unknown,
        };
        return new EngineException(kind, $"{operation} \"{subject}\": {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    private static int Check(int result) => result == 0 ? 0 : Marshal.GetLastPInvokeError();

    private static Libc.Timespec ToTimespec(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }

        return new Libc.Timespec { Seconds = seconds, Nanoseconds = remainder * 100 };
    }
}
