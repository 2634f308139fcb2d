using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cais.TestSupport;

/// <summary>
/// A loopback HTTP/1.1 forwarding proxy in front of a registry that breaks blob downloads on purpose: cut
/// bodies (resume tests), corrupted bytes (digest verification tests) and a registry vanishing mid-pull.
/// Every request gets its own upstream connection and "Connection: close", so each request is one connection
/// and faults hit exactly the requests the script says. The client's Host header is passed through, so the
/// registry's absolute Location URLs point back at the proxy.
/// </summary>
public sealed class FaultyProxy : IAsyncDisposable
{
    private const int MaxHeadBytes = 64 * 1024;
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    private readonly TcpListener _listener;
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, Task> _connections = new();
    private readonly ConcurrentQueue<string> _rangeHeaders = new();
    private readonly ConcurrentQueue<ProxiedRequest> _requests = new();
    private readonly List<FaultRule> _rules = [];
    private readonly Task _acceptLoop;
    private int _connectionIds;
    private int _requestCount;
    private int _blobGetCount;
    private int _faultsApplied;
    private int _gone;

    private FaultyProxy(TcpListener listener, string upstreamHost, int upstreamPort)
    {
        _listener = listener;
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>"127.0.0.1:PORT" of the proxy.</summary>
    public string Host => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string UpstreamHost => $"{_upstreamHost}:{_upstreamPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Requests whose head was received (counted before they are forwarded).</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>GET requests for /blobs/sha256:... received.</summary>
    public int BlobGetCount => Volatile.Read(ref _blobGetCount);

    /// <summary>How many requests a fault was applied to.</summary>
    public int FaultsApplied => Volatile.Read(ref _faultsApplied);

    /// <summary>Every Range header seen, in arrival order (recorded before forwarding).</summary>
    public IReadOnlyList<string> RangeHeaders => _rangeHeaders.ToArray();

    /// <summary>Finished requests with status and bytes sent (appended when each connection ends).</summary>
    public IReadOnlyList<ProxiedRequest> Requests => _requests.ToArray();

    /// <summary>True once a GoAway fault fired or <see cref="GoAwayNow"/> was called: connections are refused.</summary>
    public bool IsGone => Volatile.Read(ref _gone) != 0;

    public static Task<FaultyProxy> StartAsync(TestRegistry registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return StartAsync(registry.Host, cancellationToken);
    }

    /// <summary>Starts a proxy on 127.0.0.1 (free port) forwarding to <paramref name="upstreamHost"/> ("127.0.0.1:PORT").</summary>
    public static Task<FaultyProxy> StartAsync(string upstreamHost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upstreamHost);
        cancellationToken.ThrowIfCancellationRequested();
        var colon = upstreamHost.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(upstreamHost.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new ArgumentException($"upstream \"{upstreamHost}\" is not HOST:PORT", nameof(upstreamHost));
        }

        var host = upstreamHost[..colon];
        if (host is not ("127.0.0.1" or "localhost" or "[::1]"))
        {
            throw new ArgumentException("the test proxy only forwards to loopback", nameof(upstreamHost));
        }

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return Task.FromResult(new FaultyProxy(listener, host == "localhost" ? "127.0.0.1" : host.Trim('[', ']'), port));
    }

    /// <summary>Cuts the body of the next <paramref name="requests"/> matching blob GETs after <paramref name="afterBytes"/> bytes; later ones pass.</summary>
    public FaultyProxy CutBlobs(long afterBytes, int requests = 1, string? digest = null) =>
        AddRule(new FaultRule(ProxyFaultKind.Cut, afterBytes, requests, digest));

    /// <summary>
    /// Inverts the body byte at <paramref name="offset"/> (default: the middle, by Content-Length) of the next
    /// <paramref name="requests"/> matching blob GETs (default: all of them, so retries fail too).
    /// </summary>
    public FaultyProxy CorruptBlobs(long? offset = null, int requests = int.MaxValue, string? digest = null) =>
        AddRule(new FaultRule(ProxyFaultKind.Corrupt, offset ?? -1, requests, digest));

    /// <summary>On the next matching blob GET: send <paramref name="afterBytes"/> body bytes, then go away for good.</summary>
    public FaultyProxy GoAwayAfter(long afterBytes, string? digest = null) =>
        AddRule(new FaultRule(ProxyFaultKind.GoAway, afterBytes, 1, digest));

    public void ClearFaults()
    {
        lock (_rules)
        {
            _rules.Clear();
        }
    }

    /// <summary>Refuses new connections and drops open ones, as if the registry host vanished.</summary>
    public void GoAwayNow()
    {
        if (Interlocked.Exchange(ref _gone, 1) == 0)
        {
            _listener.Stop();
            _stop.Cancel();
        }
    }

    public async ValueTask DisposeAsync()
    {
        GoAwayNow();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
            await Task.WhenAll(_connections.Values).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        _stop.Dispose();
    }

    internal static bool IsBlobGet(string method, string target) =>
        method == "GET" && target.Contains("/blobs/sha256:", StringComparison.Ordinal);

    private FaultyProxy AddRule(FaultRule rule)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rule.Remaining, "requests");
        lock (_rules)
        {
            _rules.Add(rule);
        }

        return this;
    }

    private FaultRule? TakeFault(string target)
    {
        lock (_rules)
        {
            foreach (var rule in _rules)
            {
                if (rule.Remaining > 0 && (rule.Digest is null || target.Contains(rule.Digest, StringComparison.Ordinal)))
                {
                    if (rule.Remaining != int.MaxValue)
                    {
                        rule.Remaining--;
                    }

                    return rule;
                }
            }
        }

        return null;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var id = Interlocked.Increment(ref _connectionIds);
            _connections[id] = Task.Run(async () =>
            {
                try
                {
                    await HandleAsync(socket).ConfigureAwait(false);
                }
                finally
                {
                    _connections.TryRemove(id, out _);
                }
            });
        }
    }

    private async Task HandleAsync(Socket clientSocket)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var ct = cts.Token;
        using var client = new NetworkStream(clientSocket, ownsSocket: true);
        string method = "?";
        string target = "?";
        string? range = null;
        var status = 0;
        long sent = 0;
        FaultRule? fault = null;
        var recorded = false;

        // Logged before the client sees the end of its response, so a test reading Requests right after its
        // download finished finds the entry.
        void Record()
        {
            if (!recorded)
            {
                recorded = true;
                _requests.Enqueue(new ProxiedRequest(method, target, range, status, sent, fault?.Kind));
            }
        }

        try
        {
            var request = await ReadHeadAsync(client, ct).ConfigureAwait(false);
            if (request is null)
            {
                return;
            }

            var (requestLine, headers, leftover) = request.Value;
            var parts = requestLine.Split(' ');
            if (parts.Length != 3)
            {
                return;
            }

            (method, target) = (parts[0], parts[1]);
            range = headers.FirstOrDefault(h => h.Name.Equals("Range", StringComparison.OrdinalIgnoreCase)).Value;
            Interlocked.Increment(ref _requestCount);
            if (range is not null)
            {
                _rangeHeaders.Enqueue(range);
            }

            if (IsBlobGet(method, target))
            {
                Interlocked.Increment(ref _blobGetCount);
                fault = TakeFault(target);
                if (fault is not null)
                {
                    Interlocked.Increment(ref _faultsApplied);
                }
            }

            using var upstreamSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await upstreamSocket.ConnectAsync(IPAddress.Parse(_upstreamHost), _upstreamPort, ct).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // Upstream is down: the client sees its connection dropped, as with a dead registry behind a proxy.
                Record();
                Abort(clientSocket);
                return;
            }

            using var upstream = new NetworkStream(upstreamSocket, ownsSocket: false);
            await upstream.WriteAsync(BuildHead(requestLine, headers), ct).ConfigureAwait(false);
            if (leftover.Length > 0)
            {
                await upstream.WriteAsync(leftover, ct).ConfigureAwait(false);
            }

            // Request bodies (uploads, possibly chunked) are relayed raw; upstream closes after answering.
            var requestPump = PumpAsync(client, upstream, ct);

            (string Line, List<(string Name, string Value)> Headers, byte[] Leftover) response;
            while (true)
            {
                var head = await ReadHeadAsync(upstream, ct).ConfigureAwait(false);
                if (head is null)
                {
                    Abort(clientSocket);
                    return;
                }

                response = head.Value;
                var code = response.Line.Split(' ');
                status = code.Length >= 2 && int.TryParse(code[1], CultureInfo.InvariantCulture, out var s) ? s : 0;
                if (status is >= 100 and < 200 and not 101)
                {
                    await client.WriteAsync(BuildHead(response.Line, response.Headers, forceClose: false), ct).ConfigureAwait(false);
                    continue;
                }

                break;
            }

            await client.WriteAsync(BuildHead(response.Line, response.Headers), ct).ConfigureAwait(false);
            var contentLength = long.TryParse(
                response.Headers.FirstOrDefault(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value,
                CultureInfo.InvariantCulture,
                out var cl) ? cl : -1;
            var corruptAt = fault?.Kind == ProxyFaultKind.Corrupt ? (fault.Bytes >= 0 ? fault.Bytes : Math.Max(0, contentLength / 2)) : -1;
            var cutAt = fault?.Kind is ProxyFaultKind.Cut or ProxyFaultKind.GoAway ? fault.Bytes : long.MaxValue;

            var buffer = new byte[64 * 1024];
            var pending = response.Leftover;
            var pendingLength = pending.Length;
            while (true)
            {
                var chunk = pendingLength > 0 ? pending.AsMemory(0, pendingLength) : Memory<byte>.Empty;
                pendingLength = 0;
                if (chunk.IsEmpty)
                {
                    var n = await upstream.ReadAsync(buffer, ct).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    chunk = buffer.AsMemory(0, n);
                }

                if (corruptAt >= sent && corruptAt < sent + chunk.Length)
                {
                    chunk.Span[(int)(corruptAt - sent)] ^= 0xFF;
                }

                if (cutAt - sent < chunk.Length)
                {
                    var allowed = (int)(cutAt - sent);
                    await client.WriteAsync(chunk[..allowed], ct).ConfigureAwait(false);
                    sent += allowed;
                    await client.FlushAsync(ct).ConfigureAwait(false);
                    Record();

                    // Gone before the client can notice the cut, so nothing it does next reaches us.
                    if (fault?.Kind == ProxyFaultKind.GoAway)
                    {
                        GoAwayNow();
                    }

                    // A clean FIN, not RST: the client must receive the bytes before the cut (RST may discard
                    // them unread), then sees the body end short of Content-Length.
                    CloseGracefully(clientSocket);

                    return;
                }

                await client.WriteAsync(chunk, ct).ConfigureAwait(false);
                sent += chunk.Length;
            }

            Record();
            clientSocket.Shutdown(SocketShutdown.Send);
            await cts.CancelAsync().ConfigureAwait(false);
            await requestPump.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Record();
            Abort(clientSocket);
        }
        finally
        {
            Record();
        }
    }

    private static async Task PumpAsync(Stream from, Stream to, CancellationToken ct)
    {
        try
        {
            await from.CopyToAsync(to, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private static void CloseGracefully(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Closes with RST: the connection failed, not merely ended.</summary>
    private static void Abort(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private static byte[] BuildHead(string firstLine, List<(string Name, string Value)> headers, bool forceClose = true)
    {
        var sb = new StringBuilder(firstLine).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            if (forceClose && (name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            sb.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (forceClose)
        {
            sb.Append("Connection: close\r\n");
        }

        sb.Append("\r\n");
        return Encoding.Latin1.GetBytes(sb.ToString());
    }

    /// <summary>Reads up to the blank line; returns the first line, headers, and any bytes read past the head.</summary>
    private static async Task<(string Line, List<(string Name, string Value)> Headers, byte[] Leftover)?> ReadHeadAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[MaxHeadBytes];
        var filled = 0;
        while (true)
        {
            var end = buffer.AsSpan(0, filled).IndexOf(HeadEnd);
            if (end >= 0)
            {
                var text = Encoding.Latin1.GetString(buffer, 0, end);
                var lines = text.Split("\r\n");
                var headers = new List<(string, string)>();
                foreach (var line in lines.Skip(1))
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
                    }
                }

                return (lines[0], headers, buffer.AsSpan(end + HeadEnd.Length, filled - end - HeadEnd.Length).ToArray());
            }

            if (filled == buffer.Length)
            {
                return null;
            }

            var n = await stream.ReadAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false);
            if (n == 0)
            {
                return null;
            }

            filled += n;
        }
    }

    private sealed class FaultRule(ProxyFaultKind kind, long bytes, int remaining, string? digest)
    {
        public ProxyFaultKind Kind { get; } = kind;

        public long Bytes { get; } = bytes;

        public int Remaining { get; set; } = remaining;

        public string? Digest { get; } = digest;
    }
}
