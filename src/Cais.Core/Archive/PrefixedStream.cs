namespace Cais.Archive;

/// <summary>Replays bytes already consumed for sniffing, then continues with the rest of the inner stream.</summary>
internal sealed class PrefixedStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private ReadOnlyMemory<byte> _prefix;

    public PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner)
    {
        _prefix = prefix;
        _inner = inner;
    }

    public override int Read(Span<byte> buffer)
    {
        if (TakePrefix(buffer, out var taken))
        {
            return taken;
        }

        return _inner.Read(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (TakePrefix(buffer.Span, out var taken))
        {
            return ValueTask.FromResult(taken);
        }

        return _inner.ReadAsync(buffer, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool TakePrefix(Span<byte> buffer, out int taken)
    {
        taken = 0;
        if (_prefix.IsEmpty || buffer.IsEmpty)
        {
            return false;
        }

        taken = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..taken].CopyTo(buffer);
        _prefix = _prefix[taken..];
        return true;
    }
}
