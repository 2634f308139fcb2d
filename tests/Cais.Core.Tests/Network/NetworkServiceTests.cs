using Cais.Common;
using Cais.Metadata;
using Cais.Network;
using Cais.TestSupport;

namespace Cais.Core.Tests.Network;

/// <summary>NetworkService's bookkeeping (no plugins run: nothing here attaches).</summary>
public sealed class NetworkServiceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private NetworkService Service(params string[] routes) => new(new MetadataStore(_dir.Combine("db")), new NetworkServiceOptions
    {
        StateDirectory = _dir.Combine("networks"),
        PluginDirectory = _dir.Combine("no-plugins"),
        HostStateDirectory = _dir.Combine("host"),
        ManageBridgeDevices = false,
        RouteSource = _ => Task.FromResult<IReadOnlyList<HostRoute>>(routes.Select(r => new HostRoute("eth0", Ipv4Cidr.Parse(r))).ToList()),
    });

    [Theory]
    [InlineData("host")]
    [InlineData("none")]
    public async Task Create_refuses_the_predefined_modes_in_dockers_words(string name)
    {
        var service = Service();

        var error = await Assert.ThrowsAsync<EngineException>(() => service.CreateAsync(new NetworkCreateRequest { Name = name }, CancellationToken.None));

        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
        Assert.Equal($"operation is not permitted on predefined {name} network ", error.Message);
        Assert.Empty(service.List());
    }

    [Fact]
    public async Task Create_refuses_a_driver_other_than_bridge_as_a_missing_plugin()
    {
        var service = Service();

        var error = await Assert.ThrowsAsync<EngineException>(
            () => service.CreateAsync(new NetworkCreateRequest { Name = "n1", Driver = "overlay" }, CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("plugin \"overlay\" not found", error.Message);
        Assert.Empty(service.List());
    }

    [Fact]
    public async Task Default_bridge_rules_go_with_the_last_state_root_that_used_it()
    {
        var firewall = new RecordingFirewall();
        NetworkService Root(string name) => new(new MetadataStore(Directory.CreateDirectory(_dir.Combine(name)).FullName + "/db"), new NetworkServiceOptions
        {
            StateDirectory = _dir.Combine(name, "networks"),
            PluginDirectory = _dir.Combine("no-plugins"),
            HostStateDirectory = _dir.Combine("host"),
            ManageBridgeDevices = false,
            Firewall = firewall,
            RouteSource = _ => Task.FromResult<IReadOnlyList<HostRoute>>([]),
        });
        var a = Root("a");
        var b = Root("b");
        var bridgeA = await a.EnsureDefaultBridgeAsync(CancellationToken.None);
        var bridgeB = await b.EnsureDefaultBridgeAsync(CancellationToken.None);
        Assert.Equal(2, (await a.DefaultBridgeUsers.PruneAsync(CancellationToken.None)).Count);

        // Root a still exists: a container of b leaving the bridge keeps it.
        await b.ReleaseDefaultBridgeIfUnusedAsync(bridgeB, CancellationToken.None);
        Assert.Empty(firewall.Removed);

        // Root b is removed: a still uses the bridge.
        Directory.Delete(_dir.Combine("b"), recursive: true);
        await a.ReleaseDefaultBridgeIfUnusedAsync(bridgeA, CancellationToken.None);
        Assert.Empty(firewall.Removed);
        Assert.Equal([Path.GetFullPath(_dir.Combine("a", "networks"))], await a.DefaultBridgeUsers.PruneAsync(CancellationToken.None));

        // Root a is removed too (its exit command's cleanup runs after): the last user is gone, and so are the rules.
        Directory.Delete(_dir.Combine("a"), recursive: true);
        await a.ReleaseDefaultBridgeIfUnusedAsync(bridgeA, CancellationToken.None);
        Assert.Equal(["cais0"], firewall.Removed);
        Assert.Empty(await a.DefaultBridgeUsers.PruneAsync(CancellationToken.None));
    }

    private sealed class RecordingFirewall : INetworkFirewall
    {
        public List<string> Removed { get; } = [];

        public Task EnsureAsync(NetworkRecord network, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> IsInPlaceAsync(NetworkRecord network, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task RemoveAsync(NetworkRecord network, CancellationToken cancellationToken)
        {
            Removed.Add(network.BridgeName);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Default_bridge_is_created_once_on_cais0_with_a_subnet_clear_of_host_routes()
    {
        var service = Service("0.0.0.0/0", "172.17.0.0/16");

        var first = await service.EnsureDefaultBridgeAsync(CancellationToken.None);
        var second = await service.EnsureDefaultBridgeAsync(CancellationToken.None);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal("bridge", first.Name);
        Assert.Equal("cais0", first.BridgeName);
        Assert.Equal("172.18.0.0/16", first.Subnet);
        Assert.Equal("172.18.0.1", first.Gateway);
    }

    [Fact]
    public async Task Created_networks_take_the_next_free_pool_and_their_own_bridge()
    {
        var service = Service();
        await service.EnsureDefaultBridgeAsync(CancellationToken.None);

        var net = await service.CreateAsync(new NetworkCreateRequest { Name = "front", Labels = new Dictionary<string, string> { ["a"] = "b" } }, CancellationToken.None);

        Assert.Equal("172.18.0.0/16", net.Subnet);
        Assert.Equal(NetworkRecord.BridgeNameFor(net.Id), net.BridgeName);
        Assert.Equal(net.Id, service.Inspect("front").Id);
        Assert.Equal(net.Id, service.Inspect(net.Id[..6]).Id);
        Assert.Equal(["bridge", "front"], service.List().Select(n => n.Name));
    }

    [Fact]
    public async Task Explicit_subnet_and_gateway_are_validated()
    {
        var service = Service();
        var net = await service.CreateAsync(new NetworkCreateRequest { Name = "a", Subnet = "10.222.9.0/24", Gateway = "10.222.9.254" }, CancellationToken.None);
        Assert.Equal("10.222.9.254", net.Gateway);

        var overlap = await Assert.ThrowsAsync<EngineException>(() => service.CreateAsync(new NetworkCreateRequest { Name = "b", Subnet = "10.222.0.0/16" }, CancellationToken.None));
        Assert.Equal(ErrorKind.Conflict, overlap.Kind);
        Assert.Contains("Pool overlaps", overlap.Message, StringComparison.Ordinal);

        var gateway = await Assert.ThrowsAsync<EngineException>(() => service.CreateAsync(new NetworkCreateRequest { Name = "c", Subnet = "10.222.10.0/24", Gateway = "10.222.11.1" }, CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, gateway.Kind);

        var duplicate = await Assert.ThrowsAsync<EngineException>(() => service.CreateAsync(new NetworkCreateRequest { Name = "a", Subnet = "10.222.12.0/24" }, CancellationToken.None));
        Assert.Equal("network with name a already exists", duplicate.Message);
    }

    [Fact]
    public async Task Remove_refuses_while_in_use_and_for_the_default_network()
    {
        var service = Service();
        var bridge = await service.EnsureDefaultBridgeAsync(CancellationToken.None);
        var net = await service.CreateAsync(new NetworkCreateRequest { Name = "front", Subnet = "10.222.13.0/24", BridgeName = "cais-unit-none" }, CancellationToken.None);

        var busy = await Assert.ThrowsAsync<EngineException>(() => service.RemoveAsync("front", ["c1"], CancellationToken.None));
        Assert.Equal($"error while removing network: network front id {net.Id} has active endpoints", busy.Message);
        var predefined = await Assert.ThrowsAsync<EngineException>(() => service.RemoveAsync(bridge.Id, [], CancellationToken.None));
        Assert.Equal("bridge is a pre-defined network and cannot be removed", predefined.Message);

        await service.RemoveAsync("front", [], CancellationToken.None);

        Assert.Equal(ErrorKind.NotFound, Assert.Throws<EngineException>(() => service.Inspect("front")).Kind);
    }

    [Fact]
    public async Task Removal_waits_for_a_hold_and_sees_what_was_recorded_under_it()
    {
        var service = Service();
        var net = await service.CreateAsync(new NetworkCreateRequest { Name = "front", Subnet = "10.222.14.0/24" }, CancellationToken.None);
        var recorded = false;

        // A container being created holds the network until its record names it; removal asks only then.
        var hold = await service.HoldAsync([net], CancellationToken.None);
        var removal = service.RemoveAsync("front", _ => recorded ? ["c1"] : [], CancellationToken.None);
        await Task.Delay(200);
        Assert.False(removal.IsCompleted, "removal did not wait for the hold");
        recorded = true;
        hold.Dispose();
        var busy = await Assert.ThrowsAsync<EngineException>(() => removal);
        Assert.Equal(ErrorKind.Conflict, busy.Kind);

        recorded = false;
        await service.RemoveAsync("front", _ => recorded ? ["c1"] : [], CancellationToken.None);
        var gone = await Assert.ThrowsAsync<EngineException>(() => service.HoldAsync([net], CancellationToken.None));
        Assert.Equal("network front not found", gone.Message);
        Assert.Empty(Directory.GetFiles(_dir.Combine("networks", "locks")));
    }

    [Fact]
    public void Attachment_takes_the_address_of_the_interface_in_the_sandbox()
    {
        var network = new NetworkRecord { Id = "n", Name = "front", Subnet = "10.222.1.0/24", Gateway = "10.222.1.1", BridgeName = "b", Created = DateTimeOffset.UtcNow };
        var result = CniInvoker.ParseResult("""
            {"interfaces":[{"name":"b","mac":"aa:aa:aa:aa:aa:aa"},{"name":"eth0","mac":"02:00:00:00:00:07","sandbox":"/run/ns"}],
             "ips":[{"address":"10.222.1.7/24","gateway":"10.222.1.1","interface":1}]}
            """);

        var attachment = NetworkService.ToAttachment(network, "eth0", "/run/ns", ["web"], result);

        Assert.Equal("10.222.1.7", attachment.IPAddress);
        Assert.Equal(24, attachment.PrefixLength);
        Assert.Equal("10.222.1.1", attachment.Gateway);
        Assert.Equal("02:00:00:00:00:07", attachment.MacAddress);
        Assert.Equal(["web"], attachment.Aliases);
    }
}
