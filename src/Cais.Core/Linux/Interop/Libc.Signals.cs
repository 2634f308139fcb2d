using System.Runtime.InteropServices;

namespace Cais.Linux.Interop;

internal static partial class Libc
{
    internal const int SigUnblock = 1;
    internal const int SigChld = 17;

    /// <summary>glibc's sigset_t is 1024 bits.</summary>
    internal const int SigSetWords = 16;

    [LibraryImport(Name, EntryPoint = "sigprocmask", SetLastError = true)]
    internal static unsafe partial int SigProcMask(int how, ulong* set, ulong* oldSet);
}
