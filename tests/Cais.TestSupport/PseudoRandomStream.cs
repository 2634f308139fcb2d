using System.Buffers.Binary;

namespace Cais.TestSupport;

/// <summary>
/// Incompressible, reproducible bytes: byte i comes from a counter-based SplitMix64 of (seed, i / 8), so the
/// stream is seekable and the same seed always yields the same layer digest without holding the data in memory.
/// </summary>
internal sealed class PseudoRandomStream(long length, ulong seed) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, Math.Max(0, length - _position));
        Span<byte> word = stackalloc byte[8];
        for (var i = 0; i < n;)
        {
            var block = (ulong)(_position / 8);
            var within = (int)(_position % 8);
            BinaryPrimitives.WriteUInt64LittleEndian(word, Mix(seed, block));
            var take = Math.Min(8 - within, n - i);
            word.Slice(within, take).CopyTo(buffer[i..]);
            i += take;
            _position += take;
        }

        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static ulong Mix(ulong seed, ulong counter)
    {
        var z = seed + ((counter + 1) * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
