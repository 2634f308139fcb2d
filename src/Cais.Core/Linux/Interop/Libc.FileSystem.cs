using System.Runtime.InteropServices;

namespace Cais.Linux.Interop;

/// <summary>
/// The *at() family: every path operation is relative to a pinned directory fd so that callers can
/// resolve untrusted paths component by component and never let the kernel follow a symlink for them
/// (see Cais.Linux.InRootResolver). statx rather than fstatat: glibc exports fstat/fstatat as symbols only
/// since 2.33, statx since 2.28.
/// Layouts (timespec, statx, dirent) are the 64-bit Linux ones (x86_64, arm64).
/// </summary>
internal static unsafe partial class Libc
{
    internal const int AT_FDCWD = -100;
    internal const int AT_SYMLINK_NOFOLLOW = 0x100;
    internal const int AT_REMOVEDIR = 0x200;
    internal const int AT_EMPTY_PATH = 0x1000;

    // O_RDONLY, O_DIRECTORY, O_NOFOLLOW, O_CLOEXEC and O_PATH are declared in Libc.OpenFlags.cs.
    internal const int O_WRONLY = 0x1;
    internal const int O_CREAT = 0x40;
    internal const int O_EXCL = 0x80;
    internal const int O_NOCTTY = 0x100;

    internal const uint S_IFMT = 0xF000;
    internal const uint S_IFSOCK = 0xC000;
    internal const uint S_IFLNK = 0xA000;
    internal const uint S_IFREG = 0x8000;
    internal const uint S_IFBLK = 0x6000;
    internal const uint S_IFDIR = 0x4000;
    internal const uint S_IFCHR = 0x2000;
    internal const uint S_IFIFO = 0x1000;

    internal const int O_NONBLOCK = 0x800;

    internal const uint STATX_BASIC_STATS = 0x7FF;
    internal const int StatxBufferSize = 256;

    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int EINTR = 4;
    internal const int EACCES = 13;
    internal const int EEXIST = 17;
    internal const int ENOTDIR = 20;
    internal const int EISDIR = 21;
    internal const int EINVAL = 22;
    internal const int ENOSPC = 28;
    internal const int ELOOP = 40;
    internal const int ENOTEMPTY = 39;
    internal const int ENODATA = 61;
    internal const int EOPNOTSUPP = 95;

    [StructLayout(LayoutKind.Sequential)]
    internal struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport(Name, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int OpenAt(int dirfd, string path, int flags, uint mode);

    [LibraryImport(Name, EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MkdirAt(int dirfd, string path, uint mode);

    [LibraryImport(Name, EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int UnlinkAt(int dirfd, string path, int flags);

    [LibraryImport(Name, EntryPoint = "symlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SymlinkAt(string target, int newdirfd, string linkpath);

    [LibraryImport(Name, EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int LinkAt(int olddirfd, string oldpath, int newdirfd, string newpath, int flags);

    /// <summary>Exported by glibc since 2.33 (earlier versions only had __xmknodat).</summary>
    [LibraryImport(Name, EntryPoint = "mknodat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MknodAt(int dirfd, string path, uint mode, ulong dev);

    [LibraryImport(Name, EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint ReadLinkAt(int dirfd, string path, byte* buffer, nint size);

    [LibraryImport(Name, EntryPoint = "fchownat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int FChownAt(int dirfd, string path, uint owner, uint group, int flags);

    [LibraryImport(Name, EntryPoint = "chmod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Chmod(string path, uint mode);

    [LibraryImport(Name, EntryPoint = "fchmod", SetLastError = true)]
    internal static partial int FChmod(int fd, uint mode);

    [LibraryImport(Name, EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int UtimensAt(int dirfd, string path, Timespec* times, int flags);

    [LibraryImport(Name, EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int LSetXattr(string path, string name, byte* value, nuint size, int flags);

    [LibraryImport(Name, EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint LGetXattr(string path, string name, byte* value, nuint size);

    [LibraryImport(Name, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    /// <summary>Takes ownership of <paramref name="fd"/>; closedir closes it.</summary>
    [LibraryImport(Name, EntryPoint = "fdopendir", SetLastError = true)]
    internal static partial nint FdOpenDir(int fd);

    [LibraryImport(Name, EntryPoint = "readdir", SetLastError = true)]
    internal static partial nint ReadDir(nint dir);

    [LibraryImport(Name, EntryPoint = "closedir", SetLastError = true)]
    internal static partial int CloseDir(nint dir);

    /// <summary>glibc's gnu_dev_makedev encoding of dev_t.</summary>
    internal static ulong MakeDev(uint major, uint minor) =>
        ((ulong)(major & 0xFFFFF000) << 32) | ((ulong)(major & 0xFFF) << 8) |
        ((ulong)(minor & 0xFFFFFF00) << 12) | (minor & 0xFF);
}
