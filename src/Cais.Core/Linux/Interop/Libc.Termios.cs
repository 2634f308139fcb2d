using System.Runtime.InteropServices;

namespace Cais.Linux.Interop;

internal static partial class Libc
{
    internal const ulong TIOCGWINSZ = 0x5413;
    internal const int TCSANOW = 0;

    // struct termios on Linux (glibc): 4 flag words, line discipline, 32 control chars, 2 speeds = 60 bytes.
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct Termios
    {
        public uint IFlag;
        public uint OFlag;
        public uint CFlag;
        public uint LFlag;
        public byte Line;
        public fixed byte Cc[32];
        public uint ISpeed;
        public uint OSpeed;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct WinSize
    {
        public ushort Rows;
        public ushort Cols;
        public ushort XPixel;
        public ushort YPixel;
    }

    [LibraryImport(Name, EntryPoint = "tcgetattr", SetLastError = true)]
    internal static partial int TcGetAttr(int fd, out Termios termios);

    [LibraryImport(Name, EntryPoint = "tcsetattr", SetLastError = true)]
    internal static partial int TcSetAttr(int fd, int optionalActions, in Termios termios);

    [LibraryImport(Name, EntryPoint = "cfmakeraw")]
    internal static partial void CfMakeRaw(ref Termios termios);

    [LibraryImport(Name, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int IoctlWinSize(int fd, ulong request, out WinSize size);

    [LibraryImport(Name, EntryPoint = "isatty")]
    internal static partial int IsATty(int fd);
}
