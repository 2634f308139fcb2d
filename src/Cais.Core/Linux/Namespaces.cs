using System.Runtime.InteropServices;
using Cais.Common;
using Cais.Linux.Interop;

namespace Cais.Linux;

/// <summary>Namespace syscalls for the calling thread. Callers must run them on a thread that never returns to a pool.</summary>
public static class Namespaces
{
    /// <summary>Moves the calling thread (only) into a new network namespace.</summary>
    public static void UnshareNetwork()
    {
        if (Libc.Unshare(Libc.CLONE_NEWNET) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new EngineException(ErrorKind.Unknown, $"unshare network namespace: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    /// <summary>The kernel thread id of the calling thread (what /proc/self/task/&lt;tid&gt; names).</summary>
    public static int CurrentThreadId() => Libc.Gettid();
}
