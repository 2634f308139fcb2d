namespace Cais.Archive;

/// <summary>
/// Read wrapper that copies every byte read into a second, writable stream, e.g. to store a layer's compressed
/// bytes in the content store while the same bytes are being unpacked.
/// </summary>
public sealed class TeeStream : ReadOnlyStream
{
    private readonly Stream _source;
    private readonly Stream _sink;
    private readonly bool _leaveOpen;

    /// <param name="source">Read from.</param>
    /// <param name="sink">Receives a copy of every byte read; never disposed by this stream.</param>
    /// <param name="leaveOpen">Keep <paramref name="source"/> open when this stream is disposed.</param>
    public TeeStream(Stream source, Stream sink, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sink);
        if (!sink.CanWrite)
        {
            throw new ArgumentException("the sink stream must be writable", nameof(sink));
        }

        _source = source;
        _sink = sink;
        _leaveOpen = leaveOpen;
    }

    public long BytesRead { get; private set; }

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var read = _source.Read(buffer);
        if (read > 0)
        {
            _sink.Write(buffer[..read]);
            BytesRead += read;
        }

        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (read > 0)
        {
            await _sink.WriteAsync(buffer[..read], cancellationToken).ConfigureAwait(false);
            BytesRead += read;
        }

        return read;
    }

    public override void Flush() => _sink.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _sink.FlushAsync(cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen)
        {
            _source.Dispose();
        }

        base.Dispose(disposing);
    }
}
