using Cais.Linux.Interop;

namespace Cais.Linux;

/// <summary>Repairs the signal mask a parent process may hand down.</summary>
public static class SignalMask
{
    /// <summary>
    /// Unblocks SIGCHLD on the calling thread. conmon runs its exit command (<c>cais container cleanup</c>) with SIGCHLD
    /// blocked; .NET learns that a child started with System.Diagnostics.Process has exited only through SIGCHLD, so every
    /// such wait (CNI plugins, ip, iptables) would otherwise last until its timeout, with the child left a zombie.
    /// Call it first thing on the main thread: one thread that accepts the signal is enough for the runtime's handler.
    /// </summary>
    public static unsafe void UnblockChildSignal()
    {
        var set = stackalloc ulong[Libc.SigSetWords];
        for (var i = 0; i < Libc.SigSetWords; i++)
        {
            set[i] = 0;
        }

        set[(Libc.SigChld - 1) / 64] |= 1UL << ((Libc.SigChld - 1) % 64);
        // Failure leaves the inherited mask, which is what happened before; nothing better can be done about it.
        _ = Libc.SigProcMask(Libc.SigUnblock, set, null);
    }
}
