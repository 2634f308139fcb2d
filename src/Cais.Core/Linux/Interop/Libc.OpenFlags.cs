using System.Runtime.InteropServices;

namespace Cais.Linux.Interop;

internal static partial class Libc
{
    internal const int O_RDONLY = 0x0;
    internal const int O_CLOEXEC = 0x80000;
    internal const int O_PATH = 0x200000;

    // O_DIRECTORY and O_NOFOLLOW have different values on arm64 (the "generic" ABI) than on x86-64.
    internal static readonly int O_DIRECTORY = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    internal static readonly int O_NOFOLLOW = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;
}
