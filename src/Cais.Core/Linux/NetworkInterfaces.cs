using System.Runtime.InteropServices;
using System.Text;
using Cais.Common;
using Cais.Linux.Interop;

namespace Cais.Linux;

/// <summary>Interface flags in the calling thread's network namespace.</summary>
public static class NetworkInterfaces
{
    /// <summary>
    /// Sets an interface up, e.g. "lo" in a fresh namespace: one ioctl instead of running the CNI loopback plugin,
    /// which costs a process start on every container's hot path for the same two syscalls.
    /// </summary>
    public static unsafe void BringUp(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bytes = Encoding.ASCII.GetBytes(name);
        if (bytes.Length is 0 or > 15)
        {
            throw new ArgumentException($"invalid interface name \"{name}\"", nameof(name));
        }

        var fd = Libc.Socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw Failure("socket", name);
        }

        try
        {
            var request = default(Libc.IfReqFlags);
            for (var i = 0; i < bytes.Length; i++)
            {
                request.Name[i] = bytes[i];
            }

            if (Libc.IoctlIfFlags(fd, Libc.SIOCGIFFLAGS, ref request) != 0)
            {
                throw Failure("get flags of", name);
            }

            request.Flags |= Libc.IFF_UP;
            if (Libc.IoctlIfFlags(fd, Libc.SIOCSIFFLAGS, ref request) != 0)
            {
                throw Failure("bring up", name);
            }
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    private static EngineException Failure(string what, string name) =>
        new(ErrorKind.Unknown, $"{what} interface {name}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
}
