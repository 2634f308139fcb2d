using System.Net;
using System.Net.Sockets;
using System.Text;
using Cais.Network.Dns;

namespace Cais.Core.Tests.Network.Dns;

/// <summary>
/// The daemon in-process on a temporary store. Networks' gateways are 127.0.0.5x addresses on a free high port, so
/// every query stays on loopback; the subnet 127.0.0.0/8 lets the test client (127.0.0.1) in.
/// </summary>
public sealed class ResolverDaemonTests : IAsyncDisposable
{
    private readonly ResolverTestState _state = new();
    private readonly int _port = Cais.TestSupport.Ports.Free();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task<ResolverDaemonOutcome>> _running = [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
        _state.Dispose();
    }

    private ResolverDaemon Daemon(TimeSpan? idleCheck = null) => new(new ResolverDaemonOptions
    {
        Networks = _state.Networks,
        Records = new Cais.Containers.ContainerDnsRecordSource(_state.Containers),
        RunRoot = _state.RunRoot,
        Port = _port,
        IdleCheckInterval = idleCheck ?? TimeSpan.FromMinutes(10),
    });

    private Task<ResolverDaemonOutcome> Run(ResolverDaemon daemon)
    {
        var run = Task.Run(() => daemon.RunAsync(_stop.Token));
        _running.Add(run);
        return run;
    }

    private IPEndPoint At(string address) => new(IPAddress.Parse(address), _port);

    /// <summary>Sends raw bytes on the control socket (waiting for it to appear) and returns everything sent back.</summary>
    private async Task<string> ControlAsync(string text, bool closeWrite = false)
    {
        var path = ResolverFiles.For(_state.RunRoot).ControlSocket;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), timeout.Token);
            }
            catch (SocketException)
            {
                await Task.Delay(10, timeout.Token);
                continue;
            }

            await socket.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None, timeout.Token);
            if (closeWrite)
            {
                socket.Shutdown(SocketShutdown.Send);
            }

            var reply = new MemoryStream();
            var buffer = new byte[256];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                reply.Write(buffer, 0, read);
            }

            return Encoding.UTF8.GetString(reply.ToArray());
        }
    }

    [Fact]
    public async Task Sync_serves_every_user_defined_network_and_answers_from_the_store()
    {
        var bridge = _state.AddNetwork("bridge", "127.0.0.50");
        var front = _state.AddNetwork("front", "127.0.0.51");
        var back = _state.AddNetwork("back", "127.0.0.52", isInternal: true);
        _state.AddContainer("web", "running", (front, "172.30.0.2", ["www"]), (bridge, "172.17.0.2", []));
        var daemon = Daemon();
        _ = Run(daemon);

        Assert.Equal("ok 2\n", await ControlAsync("sync\n"));

        Assert.Equal(new HashSet<string> { front.Id, back.Id }, daemon.Listening.Keys.ToHashSet());
        Assert.Equal(At("127.0.0.51"), daemon.Listening[front.Id]);
        Assert.False(await DnsProbe.ListensAsync(At("127.0.0.50")));
        Assert.Equal([IPAddress.Parse("172.30.0.2")], DnsProbe.Addresses(await DnsProbe.AskAsync(At("127.0.0.51"), "WWW.")));

        // Not on "back" (internal: refused rather than forwarded).
        Assert.Equal(DnsResponseCode.Refused, (await DnsProbe.AskAsync(At("127.0.0.52"), "web")).ResponseCode);

        // A container started a moment ago resolves without another sync.
        _state.AddContainer("db", "running", (back, "172.31.0.3", []));
        Assert.Equal([IPAddress.Parse("172.31.0.3")], DnsProbe.Addresses(await DnsProbe.AskAsync(At("127.0.0.52"), "db")));
    }

    [Fact]
    public async Task Sync_starts_servers_for_new_networks_and_stops_those_of_removed_ones()
    {
        var front = _state.AddNetwork("front", "127.0.0.53");
        _state.AddContainer("web", "running", (front, "172.30.0.2", []));
        var daemon = Daemon();
        _ = Run(daemon);
        Assert.Equal("ok 1\n", await ControlAsync("sync\n"));

        var extra = _state.AddNetwork("extra", "127.0.0.54");
        Assert.Equal("ok 2\n", await ControlAsync("sync\n"));
        Assert.True(await DnsProbe.ListensAsync(At("127.0.0.54")));

        _state.Networks.Delete(extra.Id);
        Assert.Equal("ok 1\n", await ControlAsync("sync\n"));
        Assert.False(await DnsProbe.ListensAsync(At("127.0.0.54")));
        Assert.Equal([front.Id], daemon.Listening.Keys);
    }

    [Fact]
    public async Task A_network_whose_address_cannot_be_bound_costs_only_itself()
    {
        var front = _state.AddNetwork("front", "127.0.0.55");
        _state.AddNetwork("taken", "127.0.0.56");
        _state.AddContainer("web", "running", (front, "172.30.0.2", []));
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(At("127.0.0.56"));
        _ = Run(Daemon());

        Assert.Equal("ok 1\n", await ControlAsync("sync\n"));
        Assert.Equal([IPAddress.Parse("172.30.0.2")], DnsProbe.Addresses(await DnsProbe.AskAsync(At("127.0.0.55"), "web")));

        squatter.Close();
        Assert.Equal("ok 2\n", await ControlAsync("sync\n"));
    }

    [Fact]
    public async Task Sync_when_nothing_is_attached_answers_idle_and_the_daemon_exits_leaving_no_socket_or_pid_file()
    {
        var front = _state.AddNetwork("front", "127.0.0.57");
        var web = _state.AddContainer("web", "running", (front, "172.30.0.2", []));
        var run = Run(Daemon());
        Assert.Equal("ok 1\n", await ControlAsync("sync\n"));
        var files = ResolverFiles.For(_state.RunRoot);
        Assert.True(File.Exists(files.Pid));
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(files.Pid).Trim());

        _state.Stop(web);

        Assert.Equal("idle\n", await ControlAsync("sync\n"));
        Assert.Equal(ResolverDaemonOutcome.Idle, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(File.Exists(files.ControlSocket));
        Assert.False(File.Exists(files.Pid));
        Assert.False(await DnsProbe.ListensAsync(At("127.0.0.57")));
    }

    [Fact]
    public async Task A_created_container_that_is_being_attached_keeps_the_daemon()
    {
        var front = _state.AddNetwork("front", "127.0.0.58");
        _state.AddContainer("starting", "created", (front, "172.30.0.2", []));
        _ = Run(Daemon());

        Assert.Equal("ok 1\n", await ControlAsync("sync\n"));
    }

    [Fact]
    public async Task Exits_on_its_own_when_idle_at_a_periodic_check()
    {
        _state.AddNetwork("front", "127.0.0.59");
        var run = Run(Daemon(idleCheck: TimeSpan.FromMilliseconds(100)));

        Assert.Equal(ResolverDaemonOutcome.Idle, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(File.Exists(ResolverFiles.For(_state.RunRoot).ControlSocket));
    }

    [Fact]
    public async Task Cancellation_stops_it_cleanly()
    {
        var front = _state.AddNetwork("front", "127.0.0.60");
        _state.AddContainer("web", "running", (front, "172.30.0.2", []));
        var run = Run(Daemon());
        Assert.Equal("ok 1\n", await ControlAsync("sync\n"));

        await _stop.CancelAsync();

        Assert.Equal(ResolverDaemonOutcome.Stopped, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(File.Exists(ResolverFiles.For(_state.RunRoot).ControlSocket));
        Assert.False(File.Exists(ResolverFiles.For(_state.RunRoot).Pid));
        Assert.False(await DnsProbe.ListensAsync(At("127.0.0.60")));
    }

    [Fact]
    public async Task A_second_daemon_on_the_same_run_root_does_nothing()
    {
        var front = _state.AddNetwork("front", "127.0.0.61");
        _state.AddContainer("web", "running", (front, "172.30.0.2", []));
        _ = Run(Daemon());
        Assert.Equal("ok 1\n", await ControlAsync("sync\n"));

        Assert.Equal(ResolverDaemonOutcome.AlreadyRunning, await Daemon().RunAsync(CancellationToken.None));

        // The first still owns its socket and servers.
        Assert.Equal("ok 1\n", await ControlAsync("sync\n"));
    }

    [Theory]
    [InlineData("bogus\n", "error unknown command 'bogus'\n")]
    [InlineData("SYNC\n", "error unknown command 'SYNC'\n")]
    [InlineData("sync", "error expected one command line\n")]
    [InlineData("", "error expected one command line\n")]
    public async Task Bad_commands_get_an_error_line_and_the_daemon_keeps_serving(string command, string expected)
    {
        var front = _state.AddNetwork("front", "127.0.0.62");
        _state.AddContainer("web", "running", (front, "172.30.0.2", []));
        _ = Run(Daemon());

        Assert.Equal(expected, await ControlAsync(command, closeWrite: true));
        Assert.Equal("ok 1\n", await ControlAsync("sync\n"));
    }

    [Fact]
    public async Task An_overlong_command_line_is_an_error()
    {
        var front = _state.AddNetwork("front", "127.0.0.63");
        _state.AddContainer("web", "running", (front, "172.30.0.2", []));
        _ = Run(Daemon());

        Assert.Equal("error expected one command line\n", await ControlAsync(new string('x', 300) + "\n"));
    }

    [Fact]
    public async Task Client_tells_a_running_daemon_to_sync_and_returns_the_network_count()
    {
        var front = _state.AddNetwork("front", "127.0.0.64");
        _state.AddContainer("web", "running", (front, "172.30.0.2", []));
        _ = Run(Daemon());
        Assert.Equal("ok 1\n", await ControlAsync("sync\n"));
        _state.AddNetwork("more", "127.0.0.65");
        var client = new ResolverClient(new ResolverClientOptions { Networks = _state.Networks, Records = new Cais.Containers.ContainerDnsRecordSource(_state.Containers), RunRoot = _state.RunRoot });

        Assert.Equal(2, await client.SyncAsync(CancellationToken.None));
        Assert.True(await DnsProbe.ListensAsync(At("127.0.0.65")));
    }

    [Fact]
    public async Task Client_with_nothing_attached_makes_a_running_daemon_exit_idle()
    {
        var front = _state.AddNetwork("front", "127.0.0.66");
        var web = _state.AddContainer("web", "running", (front, "172.30.0.2", []));
        var run = Run(Daemon());
        Assert.Equal("ok 1\n", await ControlAsync("sync\n"));
        _state.Stop(web);
        var client = new ResolverClient(new ResolverClientOptions { Networks = _state.Networks, Records = new Cais.Containers.ContainerDnsRecordSource(_state.Containers), RunRoot = _state.RunRoot });

        Assert.Equal(0, await client.SyncAsync(CancellationToken.None));
        Assert.Equal(ResolverDaemonOutcome.Idle, await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
