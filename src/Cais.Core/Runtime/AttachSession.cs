using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Cais.Common;
using Cais.Linux;
using Cais.Linux.Interop;

namespace Cais.Runtime;

/// <summary>
/// A client of conmon's attach socket (BundleDir/attach, SOCK_SEQPACKET). Every packet conmon sends is one chunk of
/// output prefixed by one byte naming the pipe (2 = stdout, 3 = stderr; a terminal only uses 2). What we send is raw
/// stdin. Shutting down our sending side makes conmon close the container's stdin (unless --leave-stdin-open),
/// which is how stdin EOF reaches the container.
/// </summary>
public sealed class AttachSession : IAttachSession
{
    private const byte StdoutPipe = 2;
    private const byte StderrPipe = 3;

    // conmon reads stdin packets into a 32 KiB buffer and a SEQPACKET read truncates longer packets: stay below it.
    private const int StdinChunk = 8192;

    private readonly Socket _socket;
    private readonly string _controlFifo;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _stdinPump;
    private int _stdinClosed;

    private AttachSession(Socket socket, string bundleDir, Stream? stdin, Stream? stdout, Stream? stderr)
    {
        _socket = socket;
        _controlFifo = Path.Combine(bundleDir, "ctl");
        Completion = PumpOutputAsync(stdout, stderr, _stop.Token);
        _stdinPump = stdin is null ? Task.CompletedTask : PumpStdinAsync(stdin, _stop.Token);
    }

    /// <summary>Ends when conmon closes the socket: the container exited and its output has been drained to us.</summary>
    public Task Completion { get; }

    internal static async Task<AttachSession> ConnectAsync(string bundleDir, Stream? stdin, Stream? stdout, Stream? stderr, CancellationToken cancellationToken)
    {
        var socketPath = Path.Combine(bundleDir, "attach");
        var socket = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        try
        {
            if (Encoding.UTF8.GetByteCount(socketPath) < 108)
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // sun_path holds 107 bytes; reach a deep bundle through an O_PATH fd of its directory instead.
                var dirFd = Libc.Open(bundleDir, Libc.OPath | Libc.ODirectory | Libc.OCloExec, 0);
                if (dirFd < 0)
                {
                    throw NativeProcess.Errno($"open {bundleDir}");
                }

                try
                {
                    var viaFd = string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{dirFd}/attach");
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(viaFd), cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _ = Libc.Close(dirFd);
                }
            }
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new EngineException(ErrorKind.FailedPrecondition, $"cannot attach: container monitor socket {socketPath} is not available ({e.Message})");
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new AttachSession(socket, bundleDir, stdin, stdout, stderr);
    }

    /// <summary>Resizes the container's terminal (conmon's control FIFO, message type 1).</summary>
    public Task ResizeAsync(int rows, int columns, CancellationToken cancellationToken) =>
        WriteResizeAsync(_controlFifo, rows, columns, cancellationToken);

    /// <summary>Writes a resize message to a conmon control FIFO (a container's or a terminal exec's).</summary>
    internal static Task WriteResizeAsync(string controlFifo, int rows, int columns, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        cancellationToken.ThrowIfCancellationRequested();
        NativeFd.WriteFifo(controlFifo, string.Create(CultureInfo.InvariantCulture, $"1 {rows} {columns}\n"));
        return Task.CompletedTask;
    }

    /// <summary>Signals end of input to the container now (also done automatically when the stdin stream ends).</summary>
    public void CloseStdin()
    {
        if (Interlocked.Exchange(ref _stdinClosed, 1) != 0)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            // Only the output side is awaited: a stdin pump blocked in read() on a terminal cannot be cancelled, and
            // waiting for it would hang until the user presses a key. It ends with the process.
            await Completion.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
        }

        _ = _stdinPump.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    }

    private async Task PumpOutputAsync(Stream? stdout, Stream? stderr, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            int n;
            try
            {
                n = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown)
            {
                n = 0;
            }

            if (n == 0)
            {
                break;
            }

            var target = buffer[0] switch
            {
                StdoutPipe => stdout,
                StderrPipe => stderr,
                _ => null,
            };
            if (target is not null && n > 1)
            {
                await target.WriteAsync(buffer.AsMemory(1, n - 1), cancellationToken).ConfigureAwait(false);
                await target.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task PumpStdinAsync(Stream stdin, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var buffer = new byte[StdinChunk];
        try
        {
            while (true)
            {
                var n = await stdin.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                await _socket.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SocketException)
        {
            // The container is gone; there is nobody left to read our input.
            return;
        }

        CloseStdin();
    }
}
