using System.Net;
using Cais.Common;

namespace Cais.Distribution;

/// <summary>
/// Request content that copies from a stream the caller owns: unlike StreamContent it never disposes that stream,
/// and it insists on exactly the declared length so a short or long source cannot upload a truncated blob.
/// </summary>
internal sealed class BorrowedStreamContent : HttpContent
{
    private readonly Stream _source;
    private readonly long _length;

    public BorrowedStreamContent(Stream source, long length)
    {
        _source = source;
        _length = length;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long copied = 0;
        while (copied < _length)
        {
            var read = await _source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, _length - copied)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EngineException(ErrorKind.InvalidArgument, $"blob content ended after {copied} of {_length} bytes");
            }

            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            copied += read;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
