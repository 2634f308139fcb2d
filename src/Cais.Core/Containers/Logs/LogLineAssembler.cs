using System.Text;

namespace Cais.Containers.Logs;

/// <summary>
/// Joins conmon's P records into lines, separately for stdout and stderr (conmon reads the two from separate pipes, so
/// their pieces interleave in the file). Memory stays bounded: a line longer than <see cref="MaxLineBytes"/> is handed
/// on in pieces, each carrying the time of the line's first piece, as Docker's log drivers split lines at 16 KiB.
/// </summary>
internal sealed class LogLineAssembler
{
    public const int MaxLineBytes = 16 * 1024;

    private readonly PendingLine[] _streams = [new(), new()];

    public void Add(in K8sLogRecord record, List<LogEntry> output)
    {
        var line = _streams[record.IsStderr ? 1 : 0];
        if (!line.Started)
        {
            line.Time = record.ParseTime();
            line.Started = true;
        }

        if (!record.Partial)
        {
            line.Append(record.Text);
            output.Add(new LogEntry(line.Time, record.IsStderr, line.Take(line.Length), Partial: false));
            line.Started = false;
            return;
        }

        line.Append(record.Text);
        if (line.Length >= MaxLineBytes)
        {
            output.Add(new LogEntry(line.Time, record.IsStderr, line.Take(Utf8Boundary(line.Bytes.AsSpan(0, line.Length))), Partial: true));
        }
    }

    /// <summary>Hands on the unfinished lines: the log ends there, and they are printed without a newline.</summary>
    public void Flush(List<LogEntry> output)
    {
        for (var i = 0; i < _streams.Length; i++)
        {
            var line = _streams[i];
            if (line.Length > 0)
            {
                output.Add(new LogEntry(line.Time, i == 1, line.Take(line.Length), Partial: true));
            }

            line.Started = false;
        }
    }

    /// <summary>The longest prefix that does not end inside a multi-byte UTF-8 sequence (so a split keeps characters whole).</summary>
    private static int Utf8Boundary(ReadOnlySpan<byte> bytes)
    {
        for (var i = bytes.Length - 1; i >= 0 && i >= bytes.Length - 4; i--)
        {
            var b = bytes[i];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return bytes.Length - i >= needed ? bytes.Length : i;
        }

        return bytes.Length;
    }

    private sealed class PendingLine
    {
        public byte[] Bytes { get; private set; } = new byte[256];

        public int Length { get; private set; }

        public DateTimeOffset Time { get; set; }

        /// <summary>True from a line's first piece to its F record (across the pieces already handed on).</summary>
        public bool Started { get; set; }

        public void Append(ReadOnlySpan<byte> text)
        {
            if (Length + text.Length > Bytes.Length)
            {
                var grown = new byte[Math.Max(Bytes.Length * 2, Length + text.Length)];
                Bytes.AsSpan(0, Length).CopyTo(grown);
                Bytes = grown;
            }

            text.CopyTo(Bytes.AsSpan(Length));
            Length += text.Length;
        }

        /// <summary>Decodes the first <paramref name="count"/> bytes and keeps the rest for the line's next piece.</summary>
        public string Take(int count)
        {
            var text = Encoding.UTF8.GetString(Bytes, 0, count);
            Bytes.AsSpan(count, Length - count).CopyTo(Bytes);
            Length -= count;
            return text;
        }
    }
}
