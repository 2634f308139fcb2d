using System.Buffers;
using System.Threading.Channels;

namespace Cais.Archive;

/// <summary>
/// Reads its source on a task of its own and hands the chunks over through a small bounded queue, so that the
/// stages of a layer pull (download + digest + store, decompress, extract) run on different cores instead of
/// one after another. A failure of the source surfaces on the reading side.
/// </summary>
public sealed class PumpStream : ReadOnlyStream
{
    private const int ChunkSize = 128 * 1024;
    private readonly Channel<(byte[] Buffer, int Length)> _chunks = Channel.CreateBounded<(byte[], int)>(new BoundedChannelOptions(16)
    {
        SingleReader = true,
        SingleWriter = true,
    });

    private readonly Stream _source;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private byte[]? _current;
    private int _offset;
    private int _length;
    private int _disposed;

    public PumpStream(Stream source)
    {
        _source = source;
        _pump = Task.Run(PumpAsync);
    }

    // Only the asynchronous path exists: every consumer in the pull pipeline reads asynchronously.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_current is null || _offset == _length)
        {
            Release();
            if (!await _chunks.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await _chunks.Reader.Completion.ConfigureAwait(false);
                return 0;
            }

            if (_chunks.Reader.TryRead(out var chunk))
            {
                (_current, _length, _offset) = (chunk.Buffer, chunk.Length, 0);
            }
        }

        return Take(buffer.Span);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            // Already disposed synchronously (by a wrapping stream): still wait for the pump, so the caller knows the
            // source is no longer being read (and, for a tee, no longer written) once this returns.
            await WaitForPumpAsync().ConfigureAwait(false);
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await WaitForPumpAsync().ConfigureAwait(false);
        while (_chunks.Reader.TryRead(out var chunk))
        {
            ArrayPool<byte>.Shared.Return(chunk.Buffer);
        }

        Release();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Synchronous disposal cannot wait for the pump; cancelling it is enough: the pump disposes the source
            // itself once its read returns (disposing it here, under a read in flight on another thread, would
            // free a decompressor's native state while it is in use).
            _stop.Cancel();
        }

        base.Dispose(disposing);
    }

    private async Task WaitForPumpAsync()
    {
        try
        {
            await _pump.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }

    private int Take(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _length - _offset);
        _current.AsSpan(_offset, count).CopyTo(buffer);
        _offset += count;
        return count;
    }

    private void Release()
    {
        if (_current is not null)
        {
            ArrayPool<byte>.Shared.Return(_current);
            _current = null;
        }
    }

    private async Task PumpAsync()
    {
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
                int read;
                try
                {
                    read = await _source.ReadAsync(buffer.AsMemory(0, ChunkSize), _stop.Token).ConfigureAwait(false);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw;
                }

                if (read == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }

                await _chunks.Writer.WriteAsync((buffer, read), _stop.Token).ConfigureAwait(false);
            }

            _chunks.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _chunks.Writer.TryComplete(e);
        }
        finally
        {
            // The only owner of the source: nothing else reads it, so it is released here and nowhere else.
            await _source.DisposeAsync().ConfigureAwait(false);
        }
    }
}
