using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Cais.Runtime;

/// <summary>Reads conmon's newline-terminated JSON messages from our end of a sync/attach socket pair.</summary>
internal sealed class ConmonSyncReader(Socket socket) : IDisposable
{
    private readonly List<byte> _pending = [];
    private bool _eof;

    /// <summary>The next message, or null when conmon closed its end without sending one (it died or failed early).</summary>
    public async Task<ConmonSyncMessage?> ReadAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var newline = _pending.IndexOf((byte)'\n');
            if (newline >= 0 || (_eof && _pending.Count > 0))
            {
                var length = newline >= 0 ? newline : _pending.Count;
                var line = Encoding.UTF8.GetString(_pending.GetRange(0, length).ToArray());
                _pending.RemoveRange(0, Math.Min(_pending.Count, length + 1));
                try
                {
                    return JsonSerializer.Deserialize(line, RuntimeJsonContext.Default.ConmonSyncMessage);
                }
                catch (JsonException)
                {
                    return new ConmonSyncMessage { Data = -1, Message = $"unreadable message from conmon: {line}" };
                }
            }

            if (_eof)
            {
                return null;
            }

            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                _eof = true;
            }
            else
            {
                _pending.AddRange(buffer.AsSpan(0, n));
            }
        }
    }

    public void Dispose() => socket.Dispose();
}
