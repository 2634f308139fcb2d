using System.Net;
using System.Net.Sockets;
using Cais.Common;
using Cais.Network.Ports;
using Cais.Network.Sandbox;

namespace Cais.Core.Tests.Network.Sandbox;

public sealed class NetworkSandboxesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cais-sandbox-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private NetworkSandboxes Sandboxes() => new(null, new NetworkSandboxOptions
    {
        NamespaceDirectory = Path.Combine(_dir, "netns"),
        PortsLockPath = Path.Combine(_dir, "locks", "ports.lock"),
    });

    private sealed class RecordingPorts(IReadOnlyList<PortBinding> others) : IPublishedPortRecords
    {
        public List<(string SandboxId, IReadOnlyList<PortBinding> Bindings)> Recorded { get; } = [];

        public IReadOnlyList<PortBinding> PublishedByOthers(string sandboxId) => others;

        public void Record(string sandboxId, IReadOnlyList<PortBinding> bindings) => Recorded.Add((sandboxId, bindings));
    }

    [Fact]
    public void Namespace_path_is_the_sandbox_id_under_the_namespace_directory()
    {
        Assert.Equal(Path.Combine(_dir, "netns", "abc"), Sandboxes().NamespacePath("abc"));
    }

    [Fact]
    public async Task Published_ports_get_host_ports_that_are_recorded_and_held_until_the_reservation_is_disposed()
    {
        var records = new RecordingPorts([]);

        var reservation = await Sandboxes().PublishPortsAsync("s1", [new PortBinding("127.0.0.1", 0, 80, PortProtocol.Tcp)], records, CancellationToken.None);

        Assert.NotNull(reservation);
        var chosen = Assert.Single(reservation.Bindings);
        Assert.NotEqual(0, chosen.HostPort);
        var (id, bindings) = Assert.Single(records.Recorded);
        Assert.Equal("s1", id);
        Assert.Equal([chosen], bindings);
        Assert.Equal(SocketError.AddressAlreadyInUse, TryListen(chosen.HostPort));
        reservation.Dispose();
        Assert.Equal(SocketError.Success, TryListen(chosen.HostPort));
    }

    [Fact]
    public async Task A_port_another_sandbox_recorded_is_refused_and_nothing_is_recorded()
    {
        var port = FreePort();
        var records = new RecordingPorts([new PortBinding("", port, 443, PortProtocol.Tcp)]);

        var error = await Assert.ThrowsAsync<EngineException>(() =>
            Sandboxes().PublishPortsAsync("s2", [new PortBinding("127.0.0.1", port, 80, PortProtocol.Tcp)], records, CancellationToken.None));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Empty(records.Recorded);
    }

    [Fact]
    public async Task Publishing_no_ports_reserves_nothing()
    {
        var records = new RecordingPorts([]);

        Assert.Null(await Sandboxes().PublishPortsAsync("s3", [], records, CancellationToken.None));
        Assert.Empty(records.Recorded);
    }

    [Fact]
    public async Task Tearing_down_a_sandbox_that_is_missing_succeeds_and_can_be_repeated()
    {
        var sandboxes = Sandboxes();
        var teardown = new SandboxTeardown
        {
            SandboxId = "gone",
            Endpoints = [new SandboxEndpointRef("net1", "eth0")],
            RequestedNetworks = ["front"],
        };

        await sandboxes.TearDownAsync(teardown, CancellationToken.None);
        await sandboxes.TearDownAsync(teardown, CancellationToken.None);

        Assert.False(File.Exists(sandboxes.NamespacePath("gone")));
    }

    private static SocketError TryListen(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen(1);
            return SocketError.Success;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
