using System.Runtime.InteropServices;

namespace Cais.Linux.Interop;

internal static partial class Libc
{
    // Resource numbers from <asm-generic/resource.h>; x86-64 and arm64 share them.
    internal const int RLIMIT_STACK = 3;
    internal const int RLIMIT_NOFILE = 7;

    internal const ulong RLIM_INFINITY = ulong.MaxValue;

    /// <summary>struct rlimit: rlim_t is an unsigned long, 64 bits on every platform Cais supports.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport(Name, EntryPoint = "getrlimit", SetLastError = true)]
    internal static partial int GetRLimit(int resource, out RLimit limit);
}
