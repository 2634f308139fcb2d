using System.Runtime.InteropServices;

namespace Cais.Linux.Interop;

internal static unsafe partial class Libc
{
    /// <summary>struct statvfs of 64-bit Linux (x86_64, arm64): every count is an unsigned long.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct StatVfs
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong BlocksFree;
        public ulong BlocksAvailable;
        public ulong Files;
        public ulong FilesFree;
        public ulong FilesAvailable;
        public ulong FileSystemId;
        public ulong Flags;
        public ulong NameMax;
        public fixed int Spare[6];
    }

    [LibraryImport(Name, EntryPoint = "fstatvfs", SetLastError = true)]
    internal static partial int FStatVfs(int fd, StatVfs* buffer);
}
