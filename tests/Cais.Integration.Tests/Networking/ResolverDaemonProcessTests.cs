using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Cais.Linux;
using Cais.Metadata;
using Cais.Network;
using Cais.Network.Dns;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Networking;

/// <summary>
/// The published <c>cais system dns --daemon</c>, started by <see cref="ResolverClient"/> as the engine starts it,
/// on a private state whose records are written here directly. Queries go only to 127.0.0.x gateways; a second
/// network's gateway is an address this host does not have, bound with IP_FREEBIND and never sent to.
/// </summary>
public sealed class ResolverDaemonProcessTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("cais-it-dns");
    private readonly int _port = Ports.Free();
    private string _binary = "";
    private NetworkRepository _networks = null!;
    private ContainerRepository _containers = null!;
    private int _next;

    private string Root => _dir.Combine("root");

    private string RunRoot => _dir.Combine("run");

    private ResolverFiles Files => ResolverFiles.For(RunRoot);

    public Task InitializeAsync()
    {
        Requires.Root();
        _binary = Environment.GetEnvironmentVariable("CAIS_BINARY") is { Length: > 0 } fromEnv ? fromEnv : Path.Combine(RepoRoot.Find(), "out", "cais");
        Assert.True(File.Exists(_binary), $"the cais binary is missing at {_binary}: run scripts/setup.sh (it publishes out/cais)");
        var store = new MetadataStore(Path.Combine(Root, "cais.db"));
        _networks = new NetworkRepository(store);
        _containers = new ContainerRepository(store);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        // A failed test may leave its daemon: stop it the way a user would (SIGTERM), then by force.
        foreach (var pid in DaemonProcesses())
        {
            NativeProcess.Kill(pid, 15);
        }

        for (var i = 0; i < 100 && DaemonProcesses().Count > 0; i++)
        {
            await Task.Delay(50);
        }

        foreach (var pid in DaemonProcesses())
        {
            NativeProcess.Kill(pid, 9);
        }

        _dir.Dispose();
    }

    private ResolverClient Client() => new(new ResolverClientOptions
    {
        Networks = _networks,
        Records = new Cais.Containers.ContainerDnsRecordSource(_containers),
        RunRoot = RunRoot,

        // As the engine builds it (ExitCommandPrefix + system dns --daemon), plus a test port and a loopback-only upstream.
        DaemonCommand = [_binary, "--root", Root, "--runroot", RunRoot, "system", "dns", "--daemon",
            "--port", _port.ToString(CultureInfo.InvariantCulture), "--upstream", "127.0.0.1:9"],
    });

    private NetworkRecord AddNetwork(string name, string gateway, string subnet)
    {
        var id = (++_next).ToString("x2", CultureInfo.InvariantCulture) + new string('c', 62);
        var record = new NetworkRecord
        {
            Id = id,
            Name = name,
            Subnet = subnet,
            Gateway = gateway,
            BridgeName = NetworkRecord.BridgeNameFor(id),
            Created = DateTimeOffset.UtcNow,
        };
        _networks.Insert(record);
        return record;
    }

    private ContainerRecord AddContainer(string name, NetworkRecord network, string ip)
    {
        var record = new ContainerRecord
        {
            Id = (++_next).ToString("x12", CultureInfo.InvariantCulture) + new string('d', 52),
            Name = name,
            ImageId = "sha256:" + new string('0', 64),
            ImageName = "busybox",
            Created = DateTimeOffset.UtcNow,
            Settings = new ContainerSettings(),
            State = new ContainerStateRecord
            {
                Status = ContainerStatus.Running,
                Endpoints = [new NetworkEndpointRecord { NetworkId = network.Id, NetworkName = network.Name, IPAddress = ip }],
            },
        };
        _containers.Insert(record);
        return record;
    }

    private void Stop(ContainerRecord container) =>
        _containers.Mutate(container.Id, r => r with { State = r.State with { Status = ContainerStatus.Exited, Endpoints = [] } });

    /// <summary>Live (not zombie) resolver daemons of this test's run root.</summary>
    private List<int> DaemonProcesses() =>
        [.. ProcessTable.All().Where(p => p.Argv.Contains(RunRoot) && p.Argv.Contains("--daemon") && NativeProcess.IsRunning(p.Pid)).Select(p => p.Pid)];

    private async Task WaitForNoDaemonAsync()
    {
        for (var i = 0; i < 200 && DaemonProcesses().Count > 0; i++)
        {
            await Task.Delay(25);
        }

        Assert.Empty(DaemonProcesses());
    }

    private static async Task<IReadOnlyList<IPAddress>> AskAsync(IPEndPoint server, string name)
    {
        var query = new DnsMessage { Id = 0x2323, RecursionDesired = true };
        query.Questions.Add(new DnsQuestion(name, DnsRecordType.A));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await client.ConnectAsync(server, timeout.Token);
        await client.SendAsync(query.ToBytes(), SocketFlags.None, timeout.Token);
        var buffer = new byte[4096];
        var length = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        var reply = DnsMessage.Parse(buffer.AsSpan(0, length));
        Assert.Equal(DnsResponseCode.NoError, reply.ResponseCode);
        return reply.Answers.Select(a => a.ToAddress()!).ToList();
    }

    [Fact]
    public async Task A_spawned_daemon_runs_in_its_own_session_serves_names_and_exits_when_idle_leaving_no_files()
    {
        var front = AddNetwork("front", "127.0.0.91", "127.0.0.0/8");
        AddNetwork("unconfigured", "198.51.100.1", "198.51.100.0/24");
        var web = AddContainer("web", front, "172.30.0.2");

        // Both networks are served: the second only thanks to IP_FREEBIND (198.51.100.1 is on no interface).
        Assert.Equal(2, await Client().SyncAsync(CancellationToken.None));

        var pid = int.Parse(File.ReadAllText(Files.Pid).Trim(), CultureInfo.InvariantCulture);
        Assert.Equal([pid], DaemonProcesses());
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var session = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[3];
        Assert.Equal(pid.ToString(CultureInfo.InvariantCulture), session);
        Assert.Equal("/", new DirectoryInfo($"/proc/{pid}/cwd").ResolveLinkTarget(returnFinalTarget: false)?.FullName);

        Assert.Equal([IPAddress.Parse("172.30.0.2")], await AskAsync(new IPEndPoint(IPAddress.Parse("127.0.0.91"), _port), "WEB."));
        var db = AddContainer("db", front, "172.30.0.3");
        Assert.Equal([IPAddress.Parse("172.30.0.3")], await AskAsync(new IPEndPoint(IPAddress.Parse("127.0.0.91"), _port), "db"));

        Stop(web);
        Stop(db);
        Assert.Equal(0, await Client().SyncAsync(CancellationToken.None));

        await WaitForNoDaemonAsync();
        Assert.False(File.Exists(Files.ControlSocket));
        Assert.False(File.Exists(Files.Pid));
    }

    [Fact]
    public async Task Concurrent_syncs_start_exactly_one_daemon_which_stops_cleanly_on_sigterm()
    {
        var front = AddNetwork("front", "127.0.0.92", "127.0.0.0/8");
        AddContainer("web", front, "172.30.0.2");

        var counts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => Client().SyncAsync(CancellationToken.None))));

        Assert.All(counts, c => Assert.Equal(1, c));

        // Any daemon that lost the lock race exits at once; give it a moment, then exactly one is left.
        await Task.Delay(300);
        var daemons = DaemonProcesses();
        var pid = Assert.Single(daemons);
        Assert.Equal(pid.ToString(CultureInfo.InvariantCulture), File.ReadAllText(Files.Pid).Trim());
        Assert.Equal([IPAddress.Parse("172.30.0.2")], await AskAsync(new IPEndPoint(IPAddress.Parse("127.0.0.92"), _port), "web"));

        NativeProcess.Kill(pid, 15);

        await WaitForNoDaemonAsync();
        Assert.False(File.Exists(Files.ControlSocket));
        Assert.False(File.Exists(Files.Pid));
    }

    [Fact]
    public async Task Nothing_attached_starts_no_process()
    {
        AddNetwork("front", "127.0.0.93", "127.0.0.0/8");

        Assert.Equal(0, await Client().SyncAsync(CancellationToken.None));

        Assert.Empty(DaemonProcesses());
        Assert.False(Directory.Exists(Files.Directory));
    }
}
