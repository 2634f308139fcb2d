namespace Cais.Core.Tests.Distribution;

/// <summary>A body that delivers some bytes and then breaks like a dropped connection.</summary>
internal sealed class BreakingStream : Stream
{
    private readonly byte[] _data;
    private readonly int _breakAfter;
    private int _position;

    public BreakingStream(byte[] data, int breakAfter)
    {
        _data = data;
        _breakAfter = breakAfter;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_position >= _breakAfter)
        {
            throw new IOException("connection reset by peer (test)");
        }

        var n = Math.Min(count, Math.Min(_breakAfter, _data.Length) - _position);
        Array.Copy(_data, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
