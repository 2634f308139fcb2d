using Cais.Archive;

namespace Cais.Images;

/// <summary>Reads one stream to its end, then the next: replays the bytes of a resumed ingest before the rest arrives.</summary>
internal sealed class ConcatStream(Stream first, Stream second) : ReadOnlyStream
{
    private bool _firstDone;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_firstDone)
        {
            var read = await first.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read > 0)
            {
                return read;
            }

            _firstDone = true;
        }

        return await second.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            first.Dispose();
            second.Dispose();
        }

        base.Dispose(disposing);
    }
}
