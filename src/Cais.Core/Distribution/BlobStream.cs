using System.Net;
using Cais.Common;
using Cais.Oci.Image;

namespace Cais.Distribution;

/// <summary>
/// A read-only view of one registry blob from a start offset. When the body breaks (I/O error, stall, or a premature
/// end before the descriptor's size) it re-requests the rest with "Range: bytes=N-" and carries on; a server that
/// ignores Range is handled by skipping the bytes already delivered. It never yields more than the descriptor's size
/// and fails if the server has more.
/// </summary>
public sealed class BlobStream : Stream
{
    private readonly RegistryClient _client;
    private readonly ImageReference _repo;
    private readonly Descriptor _descriptor;
    private readonly Digest _digest;
    private HttpResponseMessage? _response;
    private Stream? _body;
    private long _position;
    private bool _disposed;

    internal BlobStream(RegistryClient client, ImageReference repo, Descriptor descriptor, Digest digest, long offset)
    {
        _client = client;
        _repo = repo;
        _descriptor = descriptor;
        _digest = digest;
        _position = offset;
    }

    public Descriptor Descriptor => _descriptor;

    /// <summary>How many times the body was re-requested after a failure.</summary>
    public int RetryCount { get; private set; }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    /// <summary>The descriptor's size: the blob's full length, whatever the start offset.</summary>
    public override long Length => _descriptor.Size;

    /// <summary>The absolute offset in the blob of the next byte to be read.</summary>
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    internal async Task OpenAsync(CancellationToken cancellationToken)
    {
        var response = await _client.SendBlobGetAsync(_repo, _digest, _position, cancellationToken).ConfigureAwait(false);
        try
        {
            var remaining = _descriptor.Size - _position;
            long skip = 0;
            if (response.StatusCode == HttpStatusCode.PartialContent)
            {
                var range = response.Content.Headers.ContentRange;
                if (range is { HasRange: true } && range.From != _position)
                {
                    throw new EngineException(ErrorKind.DataLoss, $"registry answered a request for blob {_digest} from byte {_position} with a range starting at {range.From}");
                }

                if (range is { HasLength: true } && range.Length != _descriptor.Size)
                {
                    throw new EngineException(ErrorKind.DataLoss, $"registry reports blob {_digest} as {range.Length} bytes, its descriptor says {_descriptor.Size}");
                }
            }
            else
            {
                // 200: the server ignored Range (or none was sent) and starts from byte 0.
                skip = _position;
                remaining = _descriptor.Size;
                if (response.Content.Headers.ContentLength is { } whole && whole < _descriptor.Size)
                {
                    // The whole blob, by the server's own account, is shorter than the manifest says: not a broken
                    // connection to resume from, but content that can never match.
                    throw new EngineException(ErrorKind.DataLoss, $"blob {_digest} is {whole} bytes on the registry, its descriptor says {_descriptor.Size}");
                }
            }

            if (response.Content.Headers.ContentLength is { } length && length > remaining)
            {
                throw new EngineException(ErrorKind.DataLoss, $"blob {_digest} is larger than its descriptor size {_descriptor.Size} (server sends {length} bytes for the rest)");
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            _response = response;
            _body = body;
            if (skip > 0)
            {
                await SkipAsync(body, skip, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            CloseBody();
            response.Dispose();
            throw;
        }
    }

    private async Task SkipAsync(Stream body, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (count > 0)
        {
            var read = await ReadWithIdleTimeoutAsync(body, buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException($"blob {_digest} body ended while skipping to byte {_position}");
            }

            count -= read;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.Length == 0)
        {
            return 0;
        }

        while (true)
        {
            if (_position >= _descriptor.Size)
            {
                await EnsureNoTrailingBytesAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }

            try
            {
                if (_body is null)
                {
                    await OpenAsync(cancellationToken).ConfigureAwait(false);
                }

                var want = (int)Math.Min(buffer.Length, _descriptor.Size - _position);
                var read = await ReadWithIdleTimeoutAsync(_body!, buffer[..want], cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"blob {_digest} body ended at byte {_position} of {_descriptor.Size}");
                }

                _position += read;
                return read;
            }
            catch (Exception e) when (IsResumable(e, cancellationToken))
            {
                CloseBody();
                var options = _client.Options;
                if (RetryCount >= options.BlobResumeAttempts)
                {
                    throw new EngineException(
                        ErrorKind.Unavailable,
                        $"reading blob {_digest} from {_repo.FamiliarName} failed at byte {_position} of {_descriptor.Size} after {options.BlobResumeAttempts} resume attempts: {e.Message}",
                        e);
                }

                RetryCount++;
                options.OnBlobResume?.Invoke(_descriptor, _position, RetryCount, e);
                await Task.Delay(options.BlobResumeBackoff * RetryCount, options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    internal static bool IsResumable(Exception e, CancellationToken cancellationToken) => e switch
    {
        IOException or HttpRequestException => true,
        // An idle timeout, not the caller's cancellation.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        // The registry briefly unreachable (connection refused on the re-request) or a 5xx.
        EngineException { Kind: ErrorKind.Unavailable } => true,
        _ => false,
    };

    private async Task<int> ReadWithIdleTimeoutAsync(Stream body, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(_client.Options.BlobReadIdleTimeout);
        try
        {
            return await body.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"blob {_digest} body stalled for {_client.Options.BlobReadIdleTimeout.TotalSeconds:0} seconds at byte {_position}", e);
        }
    }

    private async Task EnsureNoTrailingBytesAsync(CancellationToken cancellationToken)
    {
        if (_body is null)
        {
            return;
        }

        int extra;
        try
        {
            var probe = new byte[1];
            extra = await ReadWithIdleTimeoutAsync(_body, probe, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Everything the descriptor promised has arrived; a broken tail does not matter.
            extra = 0;
        }
        catch (HttpRequestException)
        {
            extra = 0;
        }

        CloseBody();
        if (extra > 0)
        {
            throw new EngineException(ErrorKind.DataLoss, $"blob {_digest} is larger than its descriptor size {_descriptor.Size}");
        }
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void CloseBody()
    {
        _body?.Dispose();
        _body = null;
        _response?.Dispose();
        _response = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            CloseBody();
        }

        base.Dispose(disposing);
    }
}
