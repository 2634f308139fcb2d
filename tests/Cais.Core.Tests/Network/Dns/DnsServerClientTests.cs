using System.Net;
using System.Net.Sockets;
using Cais.Common;
using Cais.Network.Dns;

namespace Cais.Core.Tests.Network.Dns;

/// <summary>What the server does depending on who asks and where it binds; loopback traffic only.</summary>
[Collection(LoopbackPortsCollection.Name)]
public sealed class DnsServerClientTests
{
    private static readonly IPEndPoint s_anyLoopbackPort = new(IPAddress.Loopback, 0);

    /// <summary>Knows no names; gives one client its own upstream.</summary>
    private sealed class PerClientSource(IPAddress client, IReadOnlyList<IPEndPoint> upstreams) : IDnsRecordSource
    {
        public List<(string Network, IPAddress Client)> Asked { get; } = [];

        public IReadOnlyList<IPAddress> Lookup(string networkId, string name) => [];

        public IReadOnlyList<IPEndPoint>? UpstreamsFor(string networkId, IPAddress asking)
        {
            lock (Asked)
            {
                Asked.Add((networkId, asking));
            }

            return asking.Equals(client) ? upstreams : null;
        }
    }

    private static DnsServer Upstream()
    {
        var records = new InMemoryDnsRecordSource();
        records.Add("up", "u1", "outside.example", [], [IPAddress.Parse("192.0.2.10")]);
        return DnsServer.Start(new DnsServerOptions(s_anyLoopbackPort, "up"), records);
    }

    [Fact]
    public async Task Forwards_to_the_upstreams_the_source_names_for_the_asking_client()
    {
        await using var upstream = Upstream();
        var source = new PerClientSource(IPAddress.Loopback, [upstream.EndPoint]);
        await using var server = DnsServer.Start(new DnsServerOptions(s_anyLoopbackPort, "net1"), source);

        var reply = await DnsProbe.AskAsync(server.EndPoint, "outside.example");

        Assert.Equal(DnsResponseCode.NoError, reply.ResponseCode);
        Assert.Equal([IPAddress.Parse("192.0.2.10")], DnsProbe.Addresses(reply));
        Assert.Contains(("net1", IPAddress.Loopback), source.Asked);
    }

    [Fact]
    public async Task Other_clients_keep_the_default_upstreams()
    {
        await using var upstream = Upstream();
        var source = new PerClientSource(IPAddress.Parse("172.30.0.2"), [upstream.EndPoint]);
        await using var server = DnsServer.Start(new DnsServerOptions(s_anyLoopbackPort, "net1"), source);

        // No default upstreams: an external name is refused for a client without its own.
        var reply = await DnsProbe.AskAsync(server.EndPoint, "outside.example");

        Assert.Equal(DnsResponseCode.Refused, reply.ResponseCode);
    }

    [Fact]
    public async Task Internal_networks_refuse_even_with_per_client_upstreams()
    {
        await using var upstream = Upstream();
        var source = new PerClientSource(IPAddress.Loopback, [upstream.EndPoint]);
        await using var server = DnsServer.Start(new DnsServerOptions(s_anyLoopbackPort, "net1") { Internal = true }, source);

        var reply = await DnsProbe.AskAsync(server.EndPoint, "outside.example");

        Assert.Equal(DnsResponseCode.Refused, reply.ResponseCode);
    }

    [Fact]
    public async Task Clients_outside_the_allowed_networks_get_nothing_over_udp_or_tcp()
    {
        var records = new InMemoryDnsRecordSource();
        records.Add("net1", "c1", "web", [], [IPAddress.Parse("172.30.0.2")]);
        var options = new DnsServerOptions(s_anyLoopbackPort, "net1") { AllowedClients = [IPNetwork.Parse("10.0.0.0/8")] };
        await using var server = DnsServer.Start(options, records);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AskWithin(server.EndPoint, TimeSpan.FromMilliseconds(500)));

        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await tcp.ConnectAsync(server.EndPoint);
        var query = new DnsMessage { Id = 7 };
        query.Questions.Add(new DnsQuestion("web", DnsRecordType.A));
        var bytes = query.ToBytes();
        await tcp.SendAsync((byte[])[0, (byte)bytes.Length, .. bytes], SocketFlags.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.Equal(0, await tcp.ReceiveAsync(new byte[512], SocketFlags.None, timeout.Token));
    }

    [Fact]
    public async Task Clients_inside_the_allowed_networks_are_answered()
    {
        var records = new InMemoryDnsRecordSource();
        records.Add("net1", "c1", "web", [], [IPAddress.Parse("172.30.0.2")]);
        var options = new DnsServerOptions(s_anyLoopbackPort, "net1") { AllowedClients = [IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("127.0.0.0/8")] };
        await using var server = DnsServer.Start(options, records);

        var reply = await DnsProbe.AskAsync(server.EndPoint, "web");

        Assert.Equal([IPAddress.Parse("172.30.0.2")], DnsProbe.Addresses(reply));
    }

    [Fact]
    public async Task Free_bind_listens_on_an_address_this_host_does_not_have()
    {
        // TEST-NET-2: never configured here; binding sends nothing anywhere.
        var absent = new IPEndPoint(IPAddress.Parse("198.51.100.254"), 0);

        await using var server = DnsServer.Start(new DnsServerOptions(absent, "net1") { FreeBind = true }, new InMemoryDnsRecordSource());

        Assert.Equal(absent.Address, server.EndPoint.Address);
        Assert.NotEqual(0, server.EndPoint.Port);
        if (File.ReadAllText("/proc/sys/net/ipv4/ip_nonlocal_bind").Trim() == "0")
        {
            var error = Assert.Throws<EngineException>(() => DnsServer.Start(new DnsServerOptions(absent, "net1"), new InMemoryDnsRecordSource()));
            Assert.Equal(ErrorKind.Unavailable, error.Kind);
        }
    }

    private static async Task AskWithin(IPEndPoint server, TimeSpan wait)
    {
        var query = new DnsMessage { Id = 9 };
        query.Questions.Add(new DnsQuestion("web", DnsRecordType.A));
        using var timeout = new CancellationTokenSource(wait);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await client.ConnectAsync(server, timeout.Token);
        await client.SendAsync(query.ToBytes(), SocketFlags.None, timeout.Token);
        await client.ReceiveAsync(new byte[512], SocketFlags.None, timeout.Token);
    }
}
