using System.ComponentModel;
using System.Runtime.InteropServices;
using Cais.Linux.Interop;

namespace Cais.Linux;

/// <summary>Reads this process's resource limits (getrlimit). <see cref="ulong.MaxValue"/> means unlimited.</summary>
public static class ResourceLimits
{
    /// <summary>The soft and hard RLIMIT_NOFILE of the calling process.</summary>
    public static (ulong Soft, ulong Hard) OpenFiles() => Get(Libc.RLIMIT_NOFILE);

    /// <summary>The soft and hard RLIMIT_STACK of the calling process (containers inherit it through runc).</summary>
    public static (ulong Soft, ulong Hard) Stack() => Get(Libc.RLIMIT_STACK);

    private static (ulong Soft, ulong Hard) Get(int resource)
    {
        if (Libc.GetRLimit(resource, out var limit) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "getrlimit failed");
        }

        return (limit.Current, limit.Maximum);
    }
}
