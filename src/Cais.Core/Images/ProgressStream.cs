using Cais.Archive;

namespace Cais.Images;

/// <summary>Read-through stream that reports how many bytes have passed, for progress bars.</summary>
internal sealed class ProgressStream(Stream inner, long start, Action<long> report) : ReadOnlyStream
{
    private long _position = start;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        _position += read;
        report(_position);
        return read;
    }
}
