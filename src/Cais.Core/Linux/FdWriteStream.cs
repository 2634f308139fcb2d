using System.Runtime.InteropServices;

namespace Cais.Linux;

/// <summary>
/// A write-only stream straight onto write(2) of an inherited fd (stdout, stderr). A FileStream on a regular file keeps
/// its own position and writes with pwrite, so when a shell hands several processes one redirected file
/// (`(a; b) > out`), each would write from where it started and overwrite the others; write(2) uses and advances the
/// offset they share, and honours O_APPEND.
/// </summary>
public sealed class FdWriteStream(int fd) : Stream
{
    private const int EINTR = 4;
    private const int EAGAIN = 11;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            nint written;
            fixed (byte* p = buffer)
            {
                written = Interop.Libc.Write(fd, p, (nuint)buffer.Length);
            }

            if (written < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR)
                {
                    continue;
                }

                if (errno == EAGAIN)
                {
                    // A non-blocking fd someone else set up (a terminal shared with another program): wait and retry.
                    Thread.Sleep(1);
                    continue;
                }

                throw new IOException($"write to fd {fd}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
            }

            buffer = buffer[(int)written..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }
}
