namespace Cais.Containers.Logs;

/// <summary>
/// Reads a k8s-file log forwards in blocks and hands each complete record to a <see cref="LogLineAssembler"/>, skipping
/// the records that <see cref="LogStart"/> places before the tail. Holds one block and one unfinished record at most.
/// </summary>
internal sealed class LogRecordSplitter(LogLineAssembler assembler)
{
    private const int BlockBytes = 64 * 1024;
    private const int MaxRecordBytes = 1 << 20;

    private byte[] _buffer = new byte[BlockBytes];
    private int _length;
    private long _bufferOffset;
    private LogStart _start;
    private bool _skipping;

    /// <summary>The file offset of the next byte to read.</summary>
    public long Position => _bufferOffset + _length;

    /// <summary>Starts over (a new file, or a new place in it); an unfinished record is dropped, the assembler's lines are kept.</summary>
    public void Reset(LogStart start)
    {
        _start = start;
        _bufferOffset = start.Offset;
        _length = 0;
        _skipping = false;
    }

    /// <summary>The free part of the buffer for the next read, grown or cleared when one record fills it.</summary>
    public Memory<byte> FreeSpace()
    {
        if (_length == _buffer.Length)
        {
            if (_buffer.Length < MaxRecordBytes)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            else
            {
                // Not a record of conmon's: drop it up to the next newline.
                _bufferOffset += _length;
                _length = 0;
                _skipping = true;
            }
        }

        return _buffer.AsMemory(_length);
    }

    /// <summary>Takes <paramref name="count"/> bytes just read into <see cref="FreeSpace"/> and adds the lines they complete.</summary>
    public void Advance(int count, List<LogEntry> output)
    {
        _length += count;
        var span = _buffer.AsSpan(0, _length);
        var start = 0;
        int newline;
        while ((newline = span[start..].IndexOf((byte)'\n')) >= 0)
        {
            var line = span.Slice(start, newline);
            var recordOffset = _bufferOffset + start;
            start += newline + 1;
            if (_skipping)
            {
                _skipping = false;
                continue;
            }

            if (K8sLogRecord.TryParse(line, out var record) && recordOffset >= _start.From(record.IsStderr))
            {
                assembler.Add(record, output);
            }
        }

        span[start..].CopyTo(_buffer);
        _length -= start;
        _bufferOffset += start;
    }
}
