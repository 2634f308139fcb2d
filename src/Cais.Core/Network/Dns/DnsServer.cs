using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Cais.Common;

namespace Cais.Network.Dns;

/// <summary>
/// The embedded resolver of one network, on UDP and TCP (length-prefixed, RFC 1035 section 4.2.2) at one address.
/// Names the network knows (container name, alias, short ID) are answered from <see cref="IDnsRecordSource"/>;
/// everything else is relayed to the upstream nameservers, or refused on internal networks and when there are none.
/// Every query is handled on its own task, at most <see cref="DnsServerOptions.MaxConcurrentQueries"/> at a time.
/// </summary>
public sealed class DnsServer : IAsyncDisposable
{
    private const int MaxMessageSize = ushort.MaxValue;
    private const int BindAttempts = 20;

    // Linux socket options without a SocketOptionName: IPPROTO_IP/IP_FREEBIND and IPPROTO_IPV6/IPV6_FREEBIND.
    private const int IpProtoIp = 0;
    private const int IpFreeBind = 15;
    private const int IpProtoIpv6 = 41;
    private const int Ipv6FreeBind = 78;

    private readonly DnsServerOptions _options;
    private readonly IDnsRecordSource _records;
    private readonly Socket _udp;
    private readonly Socket _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _queries;
    private readonly SemaphoreSlim _connections;
    private Task _udpLoop = Task.CompletedTask;
    private Task _tcpLoop = Task.CompletedTask;
    private int _disposed;

    private DnsServer(DnsServerOptions options, IDnsRecordSource records, Socket udp, Socket tcp)
    {
        _options = options;
        _records = records;
        _udp = udp;
        _tcp = tcp;
        _queries = new SemaphoreSlim(options.MaxConcurrentQueries, options.MaxConcurrentQueries);
        _connections = new SemaphoreSlim(options.MaxTcpConnections, options.MaxTcpConnections);
        EndPoint = (IPEndPoint)udp.LocalEndPoint!;
    }

    /// <summary>The address and port both sockets are bound to (the chosen port when the options asked for 0).</summary>
    public IPEndPoint EndPoint { get; }

    public DnsServerOptions Options => _options;

    /// <summary>Binds UDP and TCP at <see cref="DnsServerOptions.Listen"/> and starts serving.</summary>
    /// <exception cref="EngineException">The address cannot be bound (in use, not configured on this host, no permission).</exception>
    public static DnsServer Start(DnsServerOptions options, IDnsRecordSource records)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(records);
        if (options.MaxConcurrentQueries < 1 || options.MaxTcpConnections < 1)
        {
            throw new ArgumentException("query and connection limits must be at least 1", nameof(options));
        }

        var (udp, tcp) = Bind(options.Listen, options.FreeBind);
        var server = new DnsServer(options, records, udp, tcp);
        server._udpLoop = Task.Run(() => server.ReceiveUdpAsync(server._stop.Token));
        server._tcpLoop = Task.Run(() => server.AcceptTcpAsync(server._stop.Token));
        return server;
    }

    /// <summary>
    /// The reply to one query message, or null when none should be sent (the message is a response itself, or too
    /// short to carry an ID). Never throws for bad input: malformed queries get FORMERR.
    /// </summary>
    public Task<byte[]?> AnswerAsync(ReadOnlyMemory<byte> query, bool overTcp, CancellationToken cancellationToken) =>
        AnswerAsync(query, overTcp, client: null, cancellationToken);

    /// <summary>
    /// As <see cref="AnswerAsync(ReadOnlyMemory{byte}, bool, CancellationToken)"/>, for a query from
    /// <paramref name="client"/>: external names go to the upstreams the record source names for that client, if any.
    /// </summary>
    public async Task<byte[]?> AnswerAsync(ReadOnlyMemory<byte> query, bool overTcp, IPAddress? client, CancellationToken cancellationToken)
    {
        DnsMessage request;
        try
        {
            request = DnsMessage.Parse(query.Span);
        }
        catch (DnsFormatException)
        {
            return FormatErrorFor(query.Span);
        }

        if (request.IsResponse)
        {
            return null;
        }

        if (request.Opcode != 0)
        {
            return Encode(request.CreateResponse(DnsResponseCode.NotImplemented), overTcp);
        }

        if (request.Questions.Count != 1)
        {
            return Encode(request.CreateResponse(DnsResponseCode.FormatError), overTcp);
        }

        var question = request.Questions[0];
        IReadOnlyList<IPAddress> addresses;
        IReadOnlyList<IPEndPoint> upstreams;
        try
        {
            addresses = question.Class == DnsQuestion.ClassInternet && question.Name.Length > 0
                ? _records.LookupFor(_options.NetworkId, client is null ? null : Plain(client), question.Name)
                : [];
            upstreams = (client is null ? null : _records.UpstreamsFor(_options.NetworkId, Plain(client))) ?? _options.Upstreams;
        }
#pragma warning disable CA1031 // A failing record store (e.g. a locked database) must cost one SERVFAIL, not the resolver.
        catch (Exception)
#pragma warning restore CA1031
        {
            return Encode(request.CreateResponse(DnsResponseCode.ServerFailure), overTcp);
        }

        if (addresses.Count > 0)
        {
            var response = request.CreateResponse(DnsResponseCode.NoError);
            response.IsAuthoritative = true;
            response.RecursionAvailable = !_options.Internal && upstreams.Count > 0;
            foreach (var address in addresses)
            {
                var family = address.IsIPv4MappedToIPv6 ? AddressFamily.InterNetwork : address.AddressFamily;
                var type = family == AddressFamily.InterNetwork ? DnsRecordType.A : DnsRecordType.AAAA;
                if (question.Type == type || question.Type == DnsRecordType.ANY)
                {
                    var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
                    response.Answers.Add(DnsRecord.Address(question.Name, plain, _options.Ttl));
                }
            }

            // A known name asked for another type (AAAA on an IPv4-only network, MX, ...) gets NOERROR with no
            // answers, so clients do not go on to ask the outside world about a container's name.
            return Encode(response, overTcp);
        }

        if (_options.Internal || upstreams.Count == 0)
        {
            return Encode(request.CreateResponse(DnsResponseCode.Refused), overTcp);
        }

        var relayed = await ForwardAsync(upstreams, query, request.Id, overTcp, cancellationToken).ConfigureAwait(false);
        if (relayed is not null)
        {
            return relayed;
        }

        var failure = request.CreateResponse(DnsResponseCode.ServerFailure);
        failure.RecursionAvailable = true;
        return Encode(failure, overTcp);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_udpLoop, _tcpLoop).ConfigureAwait(false);

        // Taking every slot waits for the queries and connections still in flight; they see the cancellation.
        for (var i = 0; i < _options.MaxConcurrentQueries; i++)
        {
            await _queries.WaitAsync().ConfigureAwait(false);
        }

        for (var i = 0; i < _options.MaxTcpConnections; i++)
        {
            await _connections.WaitAsync().ConfigureAwait(false);
        }

        _udp.Dispose();
        _tcp.Dispose();
        _queries.Dispose();
        _connections.Dispose();
        _stop.Dispose();
    }

    private static IPAddress Plain(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static (Socket Udp, Socket Tcp) Bind(IPEndPoint listen, bool freeBind)
    {
        for (var attempt = 0; ; attempt++)
        {
            var udp = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            var tcp = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (freeBind)
                {
                    SetFreeBind(udp, listen.AddressFamily);
                    SetFreeBind(tcp, listen.AddressFamily);
                }

                udp.Bind(listen);
                var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
                tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                tcp.Bind(new IPEndPoint(listen.Address, port));
                tcp.Listen(64);
                return (udp, tcp);
            }
            catch (SocketException e)
            {
                udp.Dispose();
                tcp.Dispose();

                // With port 0 the kernel picked a UDP port whose TCP twin is taken; pick again.
                if (listen.Port == 0 && e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < BindAttempts)
                {
                    continue;
                }

                throw new EngineException(ErrorKind.Unavailable, $"cannot listen for DNS on {listen}: {e.Message}", e);
            }
        }
    }

    private static void SetFreeBind(Socket socket, AddressFamily family)
    {
        ReadOnlySpan<byte> on = [1, 0, 0, 0];
        if (family == AddressFamily.InterNetworkV6)
        {
            socket.SetRawSocketOption(IpProtoIpv6, Ipv6FreeBind, on);
        }
        else
        {
            socket.SetRawSocketOption(IpProtoIp, IpFreeBind, on);
        }
    }

    private bool IsAllowed(EndPoint? remote)
    {
        if (_options.AllowedClients is not { } allowed)
        {
            return true;
        }

        if (remote is not IPEndPoint ip)
        {
            return false;
        }

        var address = Plain(ip.Address);
        return allowed.Any(n => n.Contains(address));
    }

    private static byte[]? FormatErrorFor(ReadOnlySpan<byte> query)
    {
        // No reply to what may itself be a response (avoids two resolvers bouncing errors at each other).
        if (!DnsMessage.TryReadId(query, out var id) || (query.Length > 2 && (query[2] & 0x80) != 0))
        {
            return null;
        }

        return new DnsMessage { Id = id, IsResponse = true, ResponseCode = DnsResponseCode.FormatError }.ToBytes();
    }

    /// <summary>Wire form of our own reply; over UDP, too many records for 512 bytes become an empty reply with TC set.</summary>
    private static byte[] Encode(DnsMessage response, bool overTcp)
    {
        var bytes = response.ToBytes();
        if (overTcp || bytes.Length <= DnsMessage.MaxUdpSize)
        {
            return bytes;
        }

        response.Answers.Clear();
        response.IsTruncated = true;
        return response.ToBytes();
    }

    private async Task ReceiveUdpAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxMessageSize];
        var any = new IPEndPoint(_options.Listen.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                // A stray ICMP error on the socket says nothing about the next datagram.
                continue;
            }

            if (!IsAllowed(received.RemoteEndPoint))
            {
                // Not one of our networks' clients: no answer at all, not even REFUSED (nothing to reflect).
                continue;
            }

            if (!_queries.Wait(0))
            {
                // Saturated: drop rather than queue without bound; the client's retry comes later.
                continue;
            }

            var query = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            _ = ServeUdpAsync(query, received.RemoteEndPoint, cancellationToken);
        }
    }

    private async Task ServeUdpAsync(byte[] query, EndPoint client, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await AnswerAsync(query, overTcp: false, (client as IPEndPoint)?.Address, cancellationToken).ConfigureAwait(false);
            if (reply is not null)
            {
                await _udp.SendToAsync(reply, SocketFlags.None, client, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
            // The client went away; nothing to tell anyone.
        }
        finally
        {
            _queries.Release();
        }
    }

    private async Task AcceptTcpAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _tcp.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            if (!IsAllowed(client.RemoteEndPoint) || !_connections.Wait(0))
            {
                client.Dispose();
                continue;
            }

            _ = ServeTcpAsync(client, cancellationToken);
        }
    }

    private async Task ServeTcpAsync(Socket client, CancellationToken cancellationToken)
    {
        var peer = (client.RemoteEndPoint as IPEndPoint)?.Address;
        var stream = new NetworkStream(client, ownsSocket: true);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                var prefix = new byte[2];
                while (true)
                {
                    byte[] query;
                    using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                    {
                        idle.CancelAfter(_options.TcpIdleTimeout);
                        await stream.ReadExactlyAsync(prefix, idle.Token).ConfigureAwait(false);
                        query = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                        await stream.ReadExactlyAsync(query, idle.Token).ConfigureAwait(false);
                    }

                    var reply = await AnswerAsync(query, overTcp: true, peer, cancellationToken).ConfigureAwait(false);
                    if (reply is null)
                    {
                        return;
                    }

                    await stream.WriteAsync(LengthPrefixed(reply), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // Idle too long, or the server is stopping.
            }
            catch (IOException)
            {
                // The client closed the connection (between queries that is the normal end).
            }
            finally
            {
                _connections.Release();
            }
        }
    }

    /// <summary>
    /// Relays the client's query bytes to each upstream in turn under a fresh random ID (so upstream replies cannot be
    /// matched by guessing the client's), and returns the first real reply with the client's ID put back.
    /// </summary>
    private async Task<byte[]?> ForwardAsync(IReadOnlyList<IPEndPoint> upstreams, ReadOnlyMemory<byte> query, ushort clientId, bool overTcp, CancellationToken cancellationToken)
    {
        var outgoing = query.ToArray();
        foreach (var upstream in upstreams)
        {
            if (upstream.Equals(EndPoint))
            {
                // Forwarding to ourselves would loop until every slot is taken.
                continue;
            }

            var id = (ushort)RandomNumberGenerator.GetInt32(0x10000);
            BinaryPrimitives.WriteUInt16BigEndian(outgoing, id);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.UpstreamTimeout);
            try
            {
                var reply = overTcp
                    ? await ExchangeTcpAsync(upstream, outgoing, timeout.Token).ConfigureAwait(false)
                    : await ExchangeUdpAsync(upstream, outgoing, timeout.Token).ConfigureAwait(false);
                if (reply is not null)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(reply, clientId);
                    return reply;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // This upstream timed out; try the next.
            }
            catch (SocketException)
            {
                // Refused or unreachable; try the next.
            }
            catch (IOException)
            {
                // The TCP connection broke mid-reply; try the next.
            }
        }

        return null;
    }

    private static async Task<byte[]?> ExchangeUdpAsync(IPEndPoint upstream, byte[] query, CancellationToken cancellationToken)
    {
        using var socket = new Socket(upstream.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(upstream, cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(query, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[MaxMessageSize];
        while (true)
        {
            var length = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);

            // The connected socket only accepts datagrams from the upstream; still ignore anything but a reply to this query.
            if (IsReplyTo(buffer.AsSpan(0, length), query))
            {
                return buffer.AsSpan(0, length).ToArray();
            }
        }
    }

    private static async Task<byte[]?> ExchangeTcpAsync(IPEndPoint upstream, byte[] query, CancellationToken cancellationToken)
    {
        using var socket = new Socket(upstream.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(upstream, cancellationToken).ConfigureAwait(false);
        var stream = new NetworkStream(socket, ownsSocket: false);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(LengthPrefixed(query), cancellationToken).ConfigureAwait(false);
            var prefix = new byte[2];
            await stream.ReadExactlyAsync(prefix, cancellationToken).ConfigureAwait(false);
            var reply = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            await stream.ReadExactlyAsync(reply, cancellationToken).ConfigureAwait(false);
            return IsReplyTo(reply, query) ? reply : null;
        }
    }

    /// <summary>
    /// A response to our ID that repeats our question section (ASCII case aside: some servers normalise it). Checking
    /// the question too means an off-path spoofer must guess the port, the ID and the name.
    /// </summary>
    private static bool IsReplyTo(ReadOnlySpan<byte> message, ReadOnlySpan<byte> query)
    {
        if (message.Length < DnsMessage.HeaderSize
            || !message[..2].SequenceEqual(query[..2])
            || (message[2] & 0x80) == 0
            || !message[4..6].SequenceEqual(query[4..6]))
        {
            return false;
        }

        var questions = query[DnsMessage.HeaderSize..(DnsMessage.HeaderSize + QuestionSectionLength(query))];
        if (message.Length < DnsMessage.HeaderSize + questions.Length)
        {
            return false;
        }

        var echoed = message.Slice(DnsMessage.HeaderSize, questions.Length);
        for (var i = 0; i < questions.Length; i++)
        {
            if (char.ToLowerInvariant((char)questions[i]) != char.ToLowerInvariant((char)echoed[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Byte length of the single question of a query that already parsed (so its name is well-formed).</summary>
    private static int QuestionSectionLength(ReadOnlySpan<byte> query)
    {
        var position = DnsMessage.HeaderSize;
        while (query[position] != 0)
        {
            if ((query[position] & 0xC0) == 0xC0)
            {
                return position + 2 + 4 - DnsMessage.HeaderSize;
            }

            position += 1 + query[position];
        }

        return position + 1 + 4 - DnsMessage.HeaderSize;
    }

    private static byte[] LengthPrefixed(byte[] message)
    {
        var framed = new byte[2 + message.Length];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
        message.CopyTo(framed, 2);
        return framed;
    }
}
