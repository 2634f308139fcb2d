namespace Cais.Core.Tests.Distribution;

/// <summary>A plain body whose length is not known up front (like a chunked response).</summary>
internal sealed class UnknownLengthStream : Stream
{
    private readonly MemoryStream _inner;

    public UnknownLengthStream(byte[] data)
    {
        _inner = new MemoryStream(data, writable: false);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _inner.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
