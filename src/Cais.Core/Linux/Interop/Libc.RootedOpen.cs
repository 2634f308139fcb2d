using System.Runtime.InteropServices;

namespace Cais.Linux.Interop;

// The *at() calls used to walk an untrusted directory tree one component at a time
// (see Cais.Linux.RootedFile). statx is used instead of fstat because glibc only exports
// fstat/fstatat as symbols since 2.33, while statx has been exported since 2.28.
internal static partial class Libc
{

    // O_RDONLY, O_CLOEXEC, O_PATH, O_DIRECTORY and O_NOFOLLOW come from Libc.Mount.cs.
    internal const int O_NONBLOCK = 0x800;

    internal const uint STATX_TYPE = 0x1;
    internal const uint STATX_MODE = 0x2;
    internal const uint STATX_INO = 0x100;
    internal const uint STATX_SIZE = 0x200;



    /// <summary>struct statx (linux/stat.h); its layout is the same on every architecture.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    internal struct StatxBuffer
    {
        [FieldOffset(0)] public uint Mask;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(136)] public uint DevMajor;
        [FieldOffset(140)] public uint DevMinor;
    }

    [LibraryImport(Name, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int OpenAt(int dirfd, string path, int flags, uint mode);

    [LibraryImport(Name, EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint ReadLinkAt(int dirfd, string path, [Out] byte[] buffer, nuint size);

    [LibraryImport(Name, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(int dirfd, string path, int flags, uint mask, out StatxBuffer buffer);
}
