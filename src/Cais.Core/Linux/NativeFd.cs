using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Cais.Common;
using Cais.Linux.Interop;
using Microsoft.Win32.SafeHandles;

namespace Cais.Linux;

/// <summary>Pipes, socket pairs and FIFO writes, always created close-on-exec.</summary>
public static class NativeFd
{
    /// <summary>A pipe; both ends are O_CLOEXEC so only an explicit spawn mapping hands one to a child.</summary>
    public static unsafe (SafeFileHandle Read, SafeFileHandle Write) CreatePipe()
    {
        var fds = stackalloc int[2];
        if (Libc.Pipe2(fds, Libc.OCloExec) != 0)
        {
            throw NativeProcess.Errno("pipe2");
        }

        return (new SafeFileHandle(fds[0], ownsHandle: true), new SafeFileHandle(fds[1], ownsHandle: true));
    }

    /// <summary>
    /// A connected AF_UNIX stream pair: our end as a <see cref="Socket"/> (async and cancellable, unlike a pipe read),
    /// the other end as a handle to pass to a child.
    /// </summary>
    public static unsafe (Socket Ours, SafeFileHandle Theirs) CreateSocketPair()
    {
        var fds = stackalloc int[2];
        if (Libc.SocketPair(Libc.AfUnix, Libc.SockStream | Libc.SockCloExec, 0, fds) != 0)
        {
            throw NativeProcess.Errno("socketpair");
        }

        Socket ours;
        try
        {
            ours = new Socket(new SafeSocketHandle(fds[0], ownsHandle: true));
        }
        catch
        {
            _ = Libc.Close(fds[0]);
            _ = Libc.Close(fds[1]);
            throw;
        }

        return (ours, new SafeFileHandle(fds[1], ownsHandle: true));
    }

    /// <summary>
    /// Writes one message to a FIFO without ever blocking: a FIFO with no reader (its monitor died) fails with
    /// ENXIO instead of hanging the caller in open().
    /// </summary>
    public static unsafe void WriteFifo(string path, string message)
    {
        var fd = Libc.Open(path, Libc.OWriteOnly | Libc.ONonBlock | Libc.OCloExec, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new EngineException(
                errno is 6 or 2 ? ErrorKind.FailedPrecondition : ErrorKind.Unknown,
                $"cannot open control fifo {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        try
        {
            var bytes = Encoding.UTF8.GetBytes(message);
            fixed (byte* p = bytes)
            {
                var written = Libc.Write(fd, p, (nuint)bytes.Length);
                if (written != bytes.Length)
                {
                    throw NativeProcess.Errno($"write to {path}");
                }
            }
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }
}
