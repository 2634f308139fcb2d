using System.Net;
using System.Net.Sockets;
using Cais.Common;
using Cais.Network.Ports;

namespace Cais.Core.Tests.Network.Ports;

[Collection(LoopbackPortsCollection.Name)]
public sealed class HostPortAllocatorTests
{
    [Fact]
    public void Requested_port_held_by_a_tcp_listener_on_loopback_is_a_conflict()
    {
        using var holder = ListenTcp(IPAddress.Loopback);
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var allocator = new HostPortAllocator(HostPortAllocator.DefaultFirstPort, HostPortAllocator.DefaultLastPort);

        var error = Assert.Throws<EngineException>(
            () => allocator.Reserve([new PortBinding("127.0.0.1", port, 80, PortProtocol.Tcp)]));
        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Equal($"Bind for 127.0.0.1:{port} failed: port is already allocated", error.Message);
    }

    [Fact]
    public void Port_on_every_address_conflicts_with_a_loopback_listener()
    {
        using var holder = ListenTcp(IPAddress.Loopback);
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var allocator = new HostPortAllocator(HostPortAllocator.DefaultFirstPort, HostPortAllocator.DefaultLastPort);

        var error = Assert.Throws<EngineException>(
            () => allocator.Reserve([new PortBinding("", port, 80, PortProtocol.Tcp)]));
        Assert.Equal($"Bind for 0.0.0.0:{port} failed: port is already allocated", error.Message);
    }

    [Fact]
    public void Udp_port_held_on_loopback_is_a_conflict_but_tcp_on_the_same_number_is_not()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var allocator = new HostPortAllocator(HostPortAllocator.DefaultFirstPort, HostPortAllocator.DefaultLastPort);

        Assert.Throws<EngineException>(() => allocator.Reserve([new PortBinding("127.0.0.1", port, 53, PortProtocol.Udp)]));
        using var tcp = allocator.Reserve([new PortBinding("127.0.0.1", port, 53, PortProtocol.Tcp)]);
        Assert.Equal(port, Assert.Single(tcp.Bindings).HostPort);
    }

    [Fact]
    public void Free_requested_port_is_held_until_the_reservation_is_disposed()
    {
        var port = FreeTcpPort();
        var allocator = new HostPortAllocator(HostPortAllocator.DefaultFirstPort, HostPortAllocator.DefaultLastPort);
        var binding = new PortBinding("127.0.0.1", port, 80, PortProtocol.Tcp);

        var reservation = allocator.Reserve([binding]);
        Assert.Equal([binding], reservation.Bindings);
        Assert.Equal(1, reservation.HeldSockets);
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            var taken = Assert.Throws<SocketException>(() => probe.Bind(new IPEndPoint(IPAddress.Loopback, port)));
            Assert.Equal(SocketError.AddressAlreadyInUse, taken.SocketErrorCode);
        }

        reservation.Dispose();
        using var again = allocator.Reserve([binding]);
        Assert.Equal(port, again.Bindings[0].HostPort);
    }

    [Fact]
    public void Held_port_keeps_off_binders_that_set_reuseaddr_and_reuseport_and_a_second_allocator()
    {
        var allocator = new HostPortAllocator(HostPortAllocator.DefaultFirstPort, HostPortAllocator.DefaultLastPort);
        using var held = ReserveTcpAndUdpOnOnePort(allocator);
        var port = held.Bindings[0].HostPort;
        var tcp = new PortBinding("", port, 80, PortProtocol.Tcp);
        var udp = new PortBinding("", port, 53, PortProtocol.Udp);

        // .NET's ReuseAddress sets SO_REUSEADDR and SO_REUSEPORT: what a server that wants to share a port asks for.
        foreach (var type in new[] { SocketType.Stream, SocketType.Dgram })
        {
            using var probe = new Socket(AddressFamily.InterNetwork, type, type == SocketType.Stream ? ProtocolType.Tcp : ProtocolType.Udp);
            probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            var taken = Assert.Throws<SocketException>(() => probe.Bind(new IPEndPoint(IPAddress.Any, port)));
            Assert.Equal(SocketError.AddressAlreadyInUse, taken.SocketErrorCode);
        }

        // Another state root knows nothing of this one's records: only the held sockets stop it.
        var error = Assert.Throws<EngineException>(() => allocator.Reserve([tcp]));
        Assert.Equal($"Bind for 0.0.0.0:{port} failed: port is already allocated", error.Message);
        Assert.Throws<EngineException>(() => allocator.Reserve([udp]));
    }

    [Fact]
    public void Random_allocation_gives_distinct_free_ports_in_range()
    {
        var allocator = new HostPortAllocator(HostPortAllocator.DefaultFirstPort, HostPortAllocator.DefaultLastPort);
        var requests = Enumerable.Range(80, 5).Select(p => new PortBinding("127.0.0.1", 0, p, PortProtocol.Tcp)).ToList();

        using var reservation = allocator.Reserve(requests);
        var ports = reservation.Bindings.Select(b => b.HostPort).ToList();
        Assert.Equal(5, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(p, HostPortAllocator.DefaultFirstPort, HostPortAllocator.DefaultLastPort));
        Assert.Equal([80, 81, 82, 83, 84], reservation.Bindings.Select(b => b.ContainerPort));
        Assert.All(reservation.Bindings, b => Assert.False(b.NeedsAllocation));
    }

    [Fact]
    public void Allocation_skips_ports_that_are_taken()
    {
        using var holder = ListenTcp(IPAddress.Loopback);
        var taken = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var inUse = new PortBinding("", taken + 1, 80, PortProtocol.Tcp);

        // A range of three ports: one held by a socket, one published by another container, one free.
        var allocator = new HostPortAllocator(taken, taken + 2);
        using var reservation = allocator.Reserve([new PortBinding("127.0.0.1", 0, 80, PortProtocol.Tcp)], [inUse]);
        Assert.Equal(taken + 2, reservation.Bindings[0].HostPort);
    }

    [Fact]
    public void Exhausted_range_is_a_conflict()
    {
        using var holder = ListenTcp(IPAddress.Loopback);
        var taken = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var allocator = new HostPortAllocator(taken, taken);

        var error = Assert.Throws<EngineException>(
            () => allocator.Reserve([new PortBinding("127.0.0.1", 0, 80, PortProtocol.Tcp)]));
        Assert.Equal(ErrorKind.Conflict, error.Kind);
    }

    [Fact]
    public void Host_range_pool_takes_the_first_free_port()
    {
        using var holder = ListenTcp(IPAddress.Loopback);
        var taken = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var allocator = new HostPortAllocator(HostPortAllocator.DefaultFirstPort, HostPortAllocator.DefaultLastPort);

        using var reservation = allocator.Reserve([new PortBinding("127.0.0.1", taken, 80, PortProtocol.Tcp, taken + 1)]);
        Assert.Equal(new PortBinding("127.0.0.1", taken + 1, 80, PortProtocol.Tcp), reservation.Bindings[0]);
    }

    [Fact]
    public void Same_port_twice_in_one_request_is_a_conflict_and_releases_what_was_held()
    {
        var port = FreeTcpPort();
        var allocator = new HostPortAllocator(HostPortAllocator.DefaultFirstPort, HostPortAllocator.DefaultLastPort);

        Assert.Throws<EngineException>(() => allocator.Reserve(
            [new PortBinding("127.0.0.1", port, 80, PortProtocol.Tcp), new PortBinding("", port, 81, PortProtocol.Tcp)]));
        using var after = allocator.Reserve([new PortBinding("127.0.0.1", port, 80, PortProtocol.Tcp)]);
        Assert.Equal(port, after.Bindings[0].HostPort);
    }

    [Fact]
    public void Port_published_by_another_container_is_a_conflict()
    {
        var port = FreeTcpPort();
        var allocator = new HostPortAllocator(HostPortAllocator.DefaultFirstPort, HostPortAllocator.DefaultLastPort);

        var error = Assert.Throws<EngineException>(() => allocator.Reserve(
            [new PortBinding("127.0.0.1", port, 80, PortProtocol.Tcp)],
            [new PortBinding("0.0.0.0", port, 80, PortProtocol.Tcp)]));
        Assert.Equal(ErrorKind.Conflict, error.Kind);
    }

    [Theory]
    [InlineData("32768\t60999\n", true, 32768, 60999)]
    [InlineData("1024 65535", true, 1024, 65535)]
    [InlineData("60999 32768", false, 0, 0)]
    [InlineData("abc", false, 0, 0)]
    public void Local_port_range_parsing(string text, bool ok, int first, int last)
    {
        Assert.Equal(ok, HostPortAllocator.TryParseLocalPortRange(text, out var f, out var l));
        if (ok)
        {
            Assert.Equal((first, last), (f, l));
        }
    }

    [Fact]
    public async Task CreateAsync_uses_a_valid_range()
    {
        var allocator = await HostPortAllocator.CreateAsync(CancellationToken.None);
        Assert.InRange(allocator.FirstPort, 1, allocator.LastPort);
        Assert.InRange(allocator.LastPort, allocator.FirstPort, 65535);
    }

    private static Socket ListenTcp(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        socket.Listen(1);
        return socket;
    }

    // A port free for TCP on loopback may still be in use for UDP, or on another address, by whatever else runs on the
    // machine (other tests' DNS clients take ephemeral UDP ports): try a few until one is free for both everywhere.
    private static PortReservation ReserveTcpAndUdpOnOnePort(HostPortAllocator allocator)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreeTcpPort();
            try
            {
                return allocator.Reserve([new PortBinding("", port, 80, PortProtocol.Tcp), new PortBinding("", port, 53, PortProtocol.Udp)]);
            }
            catch (EngineException) when (attempt < 20)
            {
            }
        }
    }

    private static int FreeTcpPort()
    {
        using var socket = ListenTcp(IPAddress.Loopback);
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
