using System.Buffers;
using System.Security.Cryptography;
using Cais.Common;

namespace Cais.Archive;

/// <summary>
/// Read-through wrapper hashing (sha256) and counting every byte that passes, so a layer's DiffID or a blob's
/// digest is known the moment it has been consumed, without a second pass over the data.
/// </summary>
public sealed class DigestingStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public DigestingStream(Stream inner, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _leaveOpen = leaveOpen;
    }

    public long BytesRead { get; private set; }

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    /// <summary>Digest of everything read so far (may be called repeatedly).</summary>
    public Digest GetDigest() => Digest.FromHash(_hash.GetCurrentHash());

    /// <summary>
    /// Reads <paramref name="stream"/> to its end and discards the bytes. TarReader stops at the end-of-archive
    /// marker; draining pushes the remaining padding (and compressed trailer) through any hashing wrappers.
    /// </summary>
    public static async Task DrainAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        Append(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Append(buffer.Span[..read]);
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        BytesRead += data.Length;
    }
}
