using System.Globalization;
using System.Text;
using Cais.Containers.Logs;

namespace Cais.Cli.Commands.Containers;

/// <summary>
/// Prints log entries the way `docker logs` does: stdout lines on stdout, stderr lines on stderr, a partial line
/// without a newline, and with timestamps each entry prefixed by its time. Output is buffered, and the buffer is
/// written out before switching streams (so a terminal sees the log's order) and whenever the reader waits.
/// </summary>
internal sealed class LogOutput(Stream stdout, Stream stderr, bool timestamps)
{
    private const int FlushBytes = 64 * 1024;

    private readonly MemoryStream _buffer = new();
    private bool _bufferIsStderr;

    public async ValueTask WriteAsync(LogEntry entry, CancellationToken cancellationToken)
    {
        if (_buffer.Length > 0 && (entry.IsStderr != _bufferIsStderr || _buffer.Length >= FlushBytes))
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        _bufferIsStderr = entry.IsStderr;
        if (timestamps)
        {
            Append(entry.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            _buffer.WriteByte((byte)' ');
        }

        Append(entry.Text);
        if (!entry.Partial)
        {
            _buffer.WriteByte((byte)'\n');
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Length == 0)
        {
            return;
        }

        await (_bufferIsStderr ? stderr : stdout).WriteAsync(_buffer.GetBuffer().AsMemory(0, (int)_buffer.Length), cancellationToken).ConfigureAwait(false);
        _buffer.SetLength(0);
    }

    private void Append(string text)
    {
        Span<byte> small = stackalloc byte[256];
        if (Encoding.UTF8.GetMaxByteCount(text.Length) <= small.Length)
        {
            _buffer.Write(small[..Encoding.UTF8.GetBytes(text, small)]);
            return;
        }

        _buffer.Write(Encoding.UTF8.GetBytes(text));
    }
}
