using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Cais.Network.Dns;

namespace Cais.Core.Tests.Network.Dns;

/// <summary>Real UDP and TCP on 127.0.0.1 only; upstreams are other in-process servers, never a real nameserver.</summary>
[Collection(LoopbackPortsCollection.Name)]
public sealed class DnsServerTests
{
    private const string WebId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly IPEndPoint s_anyLoopbackPort = new(IPAddress.Loopback, 0);
    private static readonly TimeSpan s_clientTimeout = TimeSpan.FromSeconds(5);

    private static InMemoryDnsRecordSource Records()
    {
        var records = new InMemoryDnsRecordSource();
        records.Add("net1", WebId, "web", ["frontend"], [IPAddress.Parse("10.88.0.2")]);
        records.Add("net1", "fedcba9876543210", "db", [], [IPAddress.Parse("10.88.0.3"), IPAddress.Parse("fd00::3")]);
        records.Add("upstream-net", "1111111111112222", "outside.example", [], [IPAddress.Parse("192.0.2.10")]);
        return records;
    }

    private static DnsServer Start(IDnsRecordSource records, Func<DnsServerOptions, DnsServerOptions>? configure = null)
    {
        var options = new DnsServerOptions(s_anyLoopbackPort, "net1");
        return DnsServer.Start(configure is null ? options : configure(options), records);
    }

    private static byte[] QueryBytes(string name, DnsRecordType type, ushort id)
    {
        var query = new DnsMessage { Id = id, RecursionDesired = true };
        query.Questions.Add(new DnsQuestion(name, type));
        return query.ToBytes();
    }

    private static async Task<byte[]> ExchangeUdpAsync(IPEndPoint server, byte[] query)
    {
        using var timeout = new CancellationTokenSource(s_clientTimeout);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await client.ConnectAsync(server, timeout.Token);
        await client.SendAsync(query, SocketFlags.None, timeout.Token);
        var buffer = new byte[65535];
        var length = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return buffer[..length];
    }

    private static async Task<DnsMessage> AskUdpAsync(IPEndPoint server, string name, DnsRecordType type = DnsRecordType.A, ushort id = 0x4242)
    {
        var reply = DnsMessage.Parse(await ExchangeUdpAsync(server, QueryBytes(name, type, id)));
        Assert.Equal(id, reply.Id);
        Assert.True(reply.IsResponse);
        return reply;
    }

    private static async Task<List<DnsMessage>> AskTcpAsync(IPEndPoint server, params (string Name, DnsRecordType Type, ushort Id)[] queries)
    {
        using var timeout = new CancellationTokenSource(s_clientTimeout);
        using var client = new TcpClient();
        await client.ConnectAsync(server, timeout.Token);
        var stream = client.GetStream();
        var replies = new List<DnsMessage>();
        foreach (var (name, type, id) in queries)
        {
            var query = QueryBytes(name, type, id);
            var framed = new byte[query.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
            query.CopyTo(framed, 2);
            await stream.WriteAsync(framed, timeout.Token);
            var prefix = new byte[2];
            await stream.ReadExactlyAsync(prefix, timeout.Token);
            var reply = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            await stream.ReadExactlyAsync(reply, timeout.Token);
            var message = DnsMessage.Parse(reply);
            Assert.Equal(id, message.Id);
            replies.Add(message);
        }

        return replies;
    }

    [Fact]
    public async Task Answers_a_container_name_over_udp_with_dockers_ttl()
    {
        await using var server = Start(Records());

        var reply = await AskUdpAsync(server.EndPoint, "web");

        Assert.Equal(DnsResponseCode.NoError, reply.ResponseCode);
        Assert.True(reply.IsAuthoritative);
        Assert.True(reply.RecursionDesired);
        var answer = Assert.Single(reply.Answers);
        Assert.Equal(("web", DnsRecordType.A, 600u, IPAddress.Parse("10.88.0.2")), (answer.Name, answer.Type, answer.Ttl, answer.ToAddress()));
    }

    [Theory]
    [InlineData("WEB")]
    [InlineData("Web.")]
    [InlineData("FRONTEND")]
    [InlineData("0123456789AB")]
    public async Task Matches_names_aliases_and_short_ids_case_insensitively_echoing_the_question(string name)
    {
        await using var server = Start(Records());

        var reply = await AskUdpAsync(server.EndPoint, name);

        var answer = Assert.Single(reply.Answers);
        Assert.Equal(name.TrimEnd('.'), answer.Name);
        Assert.Equal(IPAddress.Parse("10.88.0.2"), answer.ToAddress());
    }

    [Fact]
    public async Task Serves_several_queries_on_one_tcp_connection()
    {
        await using var server = Start(Records());

        var replies = await AskTcpAsync(server.EndPoint, ("web", DnsRecordType.A, 1), ("db", DnsRecordType.A, 2), ("db", DnsRecordType.AAAA, 3));

        Assert.Equal([IPAddress.Parse("10.88.0.2")], replies[0].Answers.Select(a => a.ToAddress()));
        Assert.Equal([IPAddress.Parse("10.88.0.3")], replies[1].Answers.Select(a => a.ToAddress()));
        Assert.Equal([IPAddress.Parse("fd00::3")], replies[2].Answers.Select(a => a.ToAddress()));
    }

    [Theory]
    [InlineData(DnsRecordType.AAAA)]
    [InlineData(DnsRecordType.MX)]
    public async Task Other_types_for_a_known_ipv4_only_name_get_an_empty_noerror(DnsRecordType type)
    {
        var upstreamRecords = new CountingSource(Records());
        await using var upstream = DnsServer.Start(new DnsServerOptions(s_anyLoopbackPort, "upstream-net"), upstreamRecords);
        await using var server = Start(Records(), o => o with { Upstreams = [upstream.EndPoint] });

        var reply = await AskUdpAsync(server.EndPoint, "web", type);

        Assert.Equal(DnsResponseCode.NoError, reply.ResponseCode);
        Assert.Empty(reply.Answers);
        Assert.Equal(0, upstreamRecords.Lookups);
    }

    [Fact]
    public async Task Forwards_unknown_names_to_the_upstream_over_udp_restoring_the_query_id()
    {
        var upstreamRecords = new CountingSource(Records());
        await using var upstream = DnsServer.Start(new DnsServerOptions(s_anyLoopbackPort, "upstream-net"), upstreamRecords);
        await using var server = Start(Records(), o => o with { Upstreams = [upstream.EndPoint] });

        var reply = await AskUdpAsync(server.EndPoint, "outside.example", id: 0x0102);

        Assert.Equal(DnsResponseCode.NoError, reply.ResponseCode);
        Assert.Equal(IPAddress.Parse("192.0.2.10"), Assert.Single(reply.Answers).ToAddress());
        Assert.Equal(1, upstreamRecords.Lookups);
    }

    [Fact]
    public async Task Forwards_over_tcp_when_the_client_asked_over_tcp()
    {
        await using var upstream = DnsServer.Start(new DnsServerOptions(s_anyLoopbackPort, "upstream-net"), Records());
        await using var server = Start(Records(), o => o with { Upstreams = [upstream.EndPoint] });

        var replies = await AskTcpAsync(server.EndPoint, ("outside.example", DnsRecordType.A, 77), ("web", DnsRecordType.A, 78));

        Assert.Equal(IPAddress.Parse("192.0.2.10"), Assert.Single(replies[0].Answers).ToAddress());
        Assert.Equal(IPAddress.Parse("10.88.0.2"), Assert.Single(replies[1].Answers).ToAddress());
    }

    [Fact]
    public async Task Relays_the_upstreams_error_code()
    {
        // The upstream has no upstream of its own, so it refuses; the client must see that, not a made-up answer.
        await using var upstream = DnsServer.Start(new DnsServerOptions(s_anyLoopbackPort, "upstream-net"), Records());
        await using var server = Start(Records(), o => o with { Upstreams = [upstream.EndPoint] });

        var reply = await AskUdpAsync(server.EndPoint, "nowhere.example");

        Assert.Equal(DnsResponseCode.Refused, reply.ResponseCode);
    }

    [Fact]
    public async Task Internal_networks_refuse_external_names_without_asking_upstream()
    {
        var upstreamRecords = new CountingSource(Records());
        await using var upstream = DnsServer.Start(new DnsServerOptions(s_anyLoopbackPort, "upstream-net"), upstreamRecords);
        await using var server = Start(Records(), o => o with { Internal = true, Upstreams = [upstream.EndPoint] });

        var external = await AskUdpAsync(server.EndPoint, "outside.example");
        var externalTcp = (await AskTcpAsync(server.EndPoint, ("outside.example", DnsRecordType.A, 9)))[0];
        var local = await AskUdpAsync(server.EndPoint, "web");

        Assert.Equal(DnsResponseCode.Refused, external.ResponseCode);
        Assert.Empty(external.Answers);
        Assert.Equal(DnsResponseCode.Refused, externalTcp.ResponseCode);
        Assert.False(external.RecursionAvailable);
        Assert.Equal(0, upstreamRecords.Lookups);
        Assert.Equal(IPAddress.Parse("10.88.0.2"), Assert.Single(local.Answers).ToAddress());
    }

    [Fact]
    public async Task Without_upstreams_unknown_names_are_refused()
    {
        await using var server = Start(Records());

        Assert.Equal(DnsResponseCode.Refused, (await AskUdpAsync(server.EndPoint, "unknown")).ResponseCode);
    }

    [Fact]
    public async Task A_silent_upstream_times_out_into_servfail_within_the_configured_time()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(s_anyLoopbackPort);
        await using var server = Start(Records(), o => o with
        {
            Upstreams = [(IPEndPoint)silent.LocalEndPoint!],
            UpstreamTimeout = TimeSpan.FromMilliseconds(300),
        });

        var clock = Stopwatch.StartNew();
        var reply = await AskUdpAsync(server.EndPoint, "slow.example");

        Assert.Equal(DnsResponseCode.ServerFailure, reply.ResponseCode);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(4));
        Assert.True(silent.Available > 0, "the query never reached the silent upstream");
    }

    [Fact]
    public async Task Moves_on_to_the_next_upstream_after_a_timeout()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(s_anyLoopbackPort);
        await using var upstream = DnsServer.Start(new DnsServerOptions(s_anyLoopbackPort, "upstream-net"), Records());
        await using var server = Start(Records(), o => o with
        {
            Upstreams = [(IPEndPoint)silent.LocalEndPoint!, upstream.EndPoint],
            UpstreamTimeout = TimeSpan.FromMilliseconds(300),
        });

        var reply = await AskUdpAsync(server.EndPoint, "outside.example");

        Assert.Equal(IPAddress.Parse("192.0.2.10"), Assert.Single(reply.Answers).ToAddress());
    }

    [Fact]
    public async Task Upstream_datagrams_with_a_wrong_id_or_question_are_ignored()
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        upstream.Bind(s_anyLoopbackPort);
        await using var server = Start(Records(), o => o with
        {
            Upstreams = [(IPEndPoint)upstream.LocalEndPoint!],
            UpstreamTimeout = TimeSpan.FromSeconds(3),
        });
        var fake = Task.Run(async () =>
        {
            using var timeout = new CancellationTokenSource(s_clientTimeout);
            var buffer = new byte[512];
            var received = await upstream.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
            var query = DnsMessage.Parse(buffer.AsSpan(0, received.ReceivedBytes));
            var wrongId = query.CreateResponse(DnsResponseCode.NoError);
            wrongId.Id++;
            wrongId.Answers.Add(DnsRecord.Address(query.Questions[0].Name, IPAddress.Parse("203.0.113.1"), 60));
            var wrongName = new DnsMessage { Id = query.Id, IsResponse = true };
            wrongName.Questions.Add(new DnsQuestion("evil.example", DnsRecordType.A));
            wrongName.Answers.Add(DnsRecord.Address("evil.example", IPAddress.Parse("203.0.113.2"), 60));
            var right = query.CreateResponse(DnsResponseCode.NoError);
            right.Answers.Add(DnsRecord.Address(query.Questions[0].Name, IPAddress.Parse("198.51.100.1"), 60));
            foreach (var reply in new[] { wrongId, wrongName, right })
            {
                await upstream.SendToAsync(reply.ToBytes(), SocketFlags.None, received.RemoteEndPoint, timeout.Token);
            }

        });

        var answer = await AskUdpAsync(server.EndPoint, "Mixed.Case.Example", id: 0x0A0B);

        await fake;
        Assert.Equal(IPAddress.Parse("198.51.100.1"), Assert.Single(answer.Answers).ToAddress());
    }

    [Fact]
    public async Task Queries_beyond_the_concurrency_limit_are_dropped_not_queued()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(s_anyLoopbackPort);
        await using var server = Start(Records(), o => o with
        {
            Upstreams = [(IPEndPoint)silent.LocalEndPoint!],
            UpstreamTimeout = TimeSpan.FromSeconds(1.5),
            MaxConcurrentQueries = 1,
        });
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await client.ConnectAsync(server.EndPoint);
        using var timeout = new CancellationTokenSource(s_clientTimeout);

        await client.SendAsync(QueryBytes("slow.example", DnsRecordType.A, 1), SocketFlags.None, timeout.Token);
        await Task.Delay(100, timeout.Token);
        await client.SendAsync(QueryBytes("web", DnsRecordType.A, 2), SocketFlags.None, timeout.Token);
        var buffer = new byte[512];
        var first = DnsMessage.Parse(buffer.AsSpan(0, await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)));
        // The slot is released just after the SERVFAIL is sent, so query 3 may arrive a moment too early and be
        // dropped as well: ask again (a client retries the same way) until it is answered.
        DnsMessage? second = null;
        for (var attempt = 0; attempt < 20 && second is null; attempt++)
        {
            await client.SendAsync(QueryBytes("web", DnsRecordType.A, 3), SocketFlags.None, timeout.Token);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            wait.CancelAfter(TimeSpan.FromMilliseconds(200));
            try
            {
                second = DnsMessage.Parse(buffer.AsSpan(0, await client.ReceiveAsync(buffer, SocketFlags.None, wait.Token)));
            }
            catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
            {
            }
        }

        // Query 2 arrived while query 1 held the only slot: it is never answered, and the next reply is 3's.
        Assert.Equal((1, DnsResponseCode.ServerFailure), (first.Id, first.ResponseCode));
        Assert.NotNull(second);
        Assert.Equal((3, DnsResponseCode.NoError), (second.Id, second.ResponseCode));
    }

    [Fact]
    public async Task Answers_many_concurrent_clients()
    {
        await using var server = Start(Records());

        var replies = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
            i % 2 == 0
                ? await AskUdpAsync(server.EndPoint, "db", id: (ushort)i)
                : (await AskTcpAsync(server.EndPoint, ("db", DnsRecordType.A, (ushort)i)))[0]));

        Assert.All(replies, r => Assert.Equal(IPAddress.Parse("10.88.0.3"), Assert.Single(r.Answers).ToAddress()));
    }

    [Fact]
    public async Task Malformed_queries_get_formerr_carrying_their_id()
    {
        await using var server = Start(Records());

        var reply = DnsMessage.Parse(await ExchangeUdpAsync(server.EndPoint, [0xAB, 0xCD, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1]));

        Assert.Equal((0xABCD, true, DnsResponseCode.FormatError), (reply.Id, reply.IsResponse, reply.ResponseCode));
    }

    [Fact]
    public async Task Non_query_opcodes_get_notimp_and_multiple_questions_formerr()
    {
        await using var server = Start(Records());
        var notify = new DnsMessage { Id = 5, Opcode = 4 };
        notify.Questions.Add(new DnsQuestion("web", DnsRecordType.SOA));
        var two = new DnsMessage { Id = 6 };
        two.Questions.Add(new DnsQuestion("web", DnsRecordType.A));
        two.Questions.Add(new DnsQuestion("db", DnsRecordType.A));

        Assert.Equal(DnsResponseCode.NotImplemented, DnsMessage.Parse(await ExchangeUdpAsync(server.EndPoint, notify.ToBytes())).ResponseCode);
        Assert.Equal(DnsResponseCode.FormatError, DnsMessage.Parse(await ExchangeUdpAsync(server.EndPoint, two.ToBytes())).ResponseCode);
    }

    [Fact]
    public async Task Responses_and_id_less_fragments_get_no_reply_and_random_input_never_throws()
    {
        await using var server = Start(Records());
        var response = new DnsMessage { Id = 1, IsResponse = true }.ToBytes();

        Assert.Null(await server.AnswerAsync(response, overTcp: false, CancellationToken.None));
        Assert.Null(await server.AnswerAsync(new byte[] { 1 }, overTcp: false, CancellationToken.None));
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var input = new byte[random.Next(0, 64)];
            random.NextBytes(input);
            var reply = await server.AnswerAsync(input, overTcp: false, CancellationToken.None);
            if (reply is not null)
            {
                Assert.True(DnsMessage.Parse(reply).IsResponse);
            }
        }
    }

    [Fact]
    public async Task Too_many_addresses_for_udp_set_tc_and_tcp_carries_them_all()
    {
        var records = new InMemoryDnsRecordSource();
        records.Add("net1", "abcabcabcabcabc", "many", [], Enumerable.Range(1, 40).Select(i => IPAddress.Parse($"10.0.0.{i}")));
        await using var server = Start(records);

        var udp = await AskUdpAsync(server.EndPoint, "many");
        var tcp = (await AskTcpAsync(server.EndPoint, ("many", DnsRecordType.A, 1)))[0];

        Assert.True(udp.IsTruncated);
        Assert.Empty(udp.Answers);
        Assert.False(tcp.IsTruncated);
        Assert.Equal(40, tcp.Answers.Count);
    }

    [Fact]
    public async Task A_failing_record_source_costs_a_servfail_not_the_server()
    {
        await using var server = Start(new ThrowingSource());

        Assert.Equal(DnsResponseCode.ServerFailure, (await AskUdpAsync(server.EndPoint, "web")).ResponseCode);
        Assert.Equal(DnsResponseCode.ServerFailure, (await AskUdpAsync(server.EndPoint, "web")).ResponseCode);
    }

    [Fact]
    public async Task Dispose_stops_promptly_with_an_idle_tcp_client_attached_and_frees_the_port()
    {
        var server = Start(Records());
        var endPoint = server.EndPoint;
        using var idle = new TcpClient();
        await idle.ConnectAsync(endPoint);

        var clock = Stopwatch.StartNew();
        await server.DisposeAsync();

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        await using var again = DnsServer.Start(new DnsServerOptions(endPoint, "net1"), Records());
        Assert.Equal(endPoint, again.EndPoint);
    }

    [Fact]
    public void Binding_an_address_in_use_is_an_engine_error()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        taken.Bind(s_anyLoopbackPort);

        var error = Assert.Throws<Cais.Common.EngineException>(
            () => DnsServer.Start(new DnsServerOptions((IPEndPoint)taken.LocalEndPoint!, "net1"), Records()));
        Assert.Equal(Cais.Common.ErrorKind.Unavailable, error.Kind);
    }

    private sealed class CountingSource(IDnsRecordSource inner) : IDnsRecordSource
    {
        private int _lookups;

        public int Lookups => Volatile.Read(ref _lookups);

        public IReadOnlyList<IPAddress> Lookup(string networkId, string name)
        {
            Interlocked.Increment(ref _lookups);
            return inner.Lookup(networkId, name);
        }
    }

    private sealed class ThrowingSource : IDnsRecordSource
    {
        public IReadOnlyList<IPAddress> Lookup(string networkId, string name) => throw new InvalidOperationException("database is locked");
    }
}
