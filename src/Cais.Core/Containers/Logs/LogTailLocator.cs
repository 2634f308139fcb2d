using Microsoft.Win32.SafeHandles;

namespace Cais.Containers.Logs;

/// <summary>
/// Finds where the last N lines of a k8s-file log start by reading it backwards in blocks, so that `logs --tail` costs
/// the size of the tail, not of the log. A line's place is its last record (its F, or the last P of a line the log
/// ends in); the scan counts those from the end, then goes back to the first piece of each line it counted.
/// </summary>
internal static class LogTailLocator
{
    private const int BlockBytes = 64 * 1024;

    /// <summary>conmon's records are at most a few KiB; anything longer without a newline is not a record and is skipped.</summary>
    private const int MaxRecordBytes = 1 << 20;

    /// <summary>
    /// How far before the cut the scan still looks for the start of the other stream's unfinished line: its earlier
    /// pieces are dropped if they lie further back (one stream silent while the other wrote megabytes).
    /// </summary>
    private const long LookBackBytes = 4L << 20;

    public static async Task<LogStart> FindAsync(SafeFileHandle file, long end, int lines, CancellationToken cancellationToken)
    {
        if (lines <= 0)
        {
            return LogStart.At(end);
        }

        var scan = new TailScan(lines);
        var buffer = new byte[BlockBytes];
        var regionEnd = end;
        while (regionEnd > 0)
        {
            var blockStart = Math.Max(0, regionEnd - buffer.Length);
            var count = (int)(regionEnd - blockStart);
            await ReadExactlyAsync(file, buffer.AsMemory(0, count), blockStart, cancellationToken).ConfigureAwait(false);
            var consumed = scan.Process(buffer.AsSpan(0, count), blockStart, atFileStart: blockStart == 0);
            if (scan.Done)
            {
                return scan.Result(0);
            }

            if (consumed == 0 && blockStart > 0)
            {
                if (buffer.Length < MaxRecordBytes)
                {
                    // One record longer than the block: read it whole.
                    buffer = new byte[buffer.Length * 2];
                    continue;
                }

                scan.SkipGarbage();
                consumed = count;
            }

            regionEnd -= consumed;
            if (scan.LookedBackBeyond(regionEnd, LookBackBytes))
            {
                return scan.Result(regionEnd);
            }
        }

        return scan.Result(0);
    }

    private static async Task ReadExactlyAsync(SafeFileHandle file, Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var read = await RandomAccess.ReadAsync(file, buffer, offset, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("container log shrank while it was read");
            }

            buffer = buffer[read..];
            offset += read;
        }
    }

    /// <summary>The scan's state: lines counted so far and, per stream, how much of its current line lies after the scan.</summary>
    private sealed class TailScan(int lines)
    {
        private readonly bool[] _seen = new bool[2];
        private readonly long[] _lineBytes = new long[2];
        private readonly long?[] _from = new long?[2];
        private int _counted;
        private long _cut = -1;
        private bool _skipping;

        public bool Done => _from[0] is not null && _from[1] is not null;

        /// <summary>
        /// Handles the complete records at the end of <paramref name="block"/> (which starts at file offset
        /// <paramref name="blockStart"/>), last first; returns how many bytes at its end it consumed.
        /// </summary>
        public int Process(ReadOnlySpan<byte> block, long blockStart, bool atFileStart)
        {
            var end = block.Length;
            if (_skipping || block[end - 1] != (byte)'\n')
            {
                // The region ends inside a record (still being written, or too long to be one): drop that part.
                var newline = block.LastIndexOf((byte)'\n');
                if (newline < 0)
                {
                    return atFileStart ? block.Length : 0;
                }

                _skipping = false;
                end = newline + 1;
            }

            while (end > 0 && !Done)
            {
                var previous = block[..(end - 1)].LastIndexOf((byte)'\n');
                if (previous < 0 && !atFileStart)
                {
                    break;
                }

                var start = previous + 1;
                if (K8sLogRecord.TryParse(block[start..(end - 1)], out var record))
                {
                    Add(record.IsStderr ? 1 : 0, record.Partial, record.Text.Length, blockStart + end);
                }

                end = start;
            }

            return block.Length - end;
        }

        public void SkipGarbage() => _skipping = true;

        public bool LookedBackBeyond(long position, long limit) => _cut >= 0 && _cut - position > limit;

        /// <summary>The start; a stream whose boundary was not found starts at <paramref name="scanStart"/>.</summary>
        public LogStart Result(long scanStart)
        {
            var stdout = _from[0] ?? scanStart;
            var stderr = _from[1] ?? scanStart;
            return new LogStart(Math.Min(stdout, stderr), stdout, stderr);
        }

        private void Add(int stream, bool partial, int textBytes, long recordEnd)
        {
            if (_from[stream] is not null)
            {
                return;
            }

            // This record ends a line if it is an F, the last piece of a line the log ends in, or where a line longer
            // than the assembler's pieces is cut (so one endless line does not make the scan read the whole log).
            var endsLine = !partial || !_seen[stream] || _lineBytes[stream] >= LogLineAssembler.MaxLineBytes;
            _seen[stream] = true;
            if (!endsLine)
            {
                _lineBytes[stream] += textBytes;
                return;
            }

            if (_cut >= 0 || _counted == lines)
            {
                // A line before the tail: this stream's records up to here are skipped.
                if (_cut < 0)
                {
                    _cut = recordEnd;
                    for (var other = 0; other < _from.Length; other++)
                    {
                        // A stream with nothing after the cut has no line of the tail that started before it.
                        _from[other] ??= _seen[other] ? null : recordEnd;
                    }
                }

                _from[stream] = recordEnd;
                return;
            }

            _counted++;
            _lineBytes[stream] = textBytes;
        }
    }
}
