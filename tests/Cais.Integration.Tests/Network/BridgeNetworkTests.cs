using System.Security.Cryptography;
using Cais.Common;
using Cais.Linux;
using Cais.Metadata;
using Cais.Network;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Network;

/// <summary>
/// The real CNI plugins on a throwaway bridge with a unique name and a 10.222.x.0/24 subnet no host route uses.
/// Traffic goes only between the test's namespace and the test's bridge. Everything is torn down in finally blocks.
/// </summary>
[Collection(HostNetworkCollection.Name)]
public sealed class BridgeNetworkTests : IDisposable
{
    private const string PluginDirectory = "/usr/lib/cni";
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    private readonly TempDirectory _temp = new("cais-net");

    public void Dispose() => _temp.Dispose();

    private static void RequirePrerequisites()
    {
        Requires.Root("nsenter", "ip", "iptables-save", "busybox");
        foreach (var plugin in new[] { "bridge", "host-local", "portmap", "firewall", "tuning", "loopback" })
        {
            Assert.True(File.Exists(Path.Combine(PluginDirectory, plugin)), $"CNI plugin {plugin} missing: install containernetworking-plugins");
        }
    }

    private NetworkService Service() => new(new MetadataStore(_temp.Combine("db")), new NetworkServiceOptions
    {
        StateDirectory = _temp.Combine("networks"),
        PluginDirectory = PluginDirectory,
        Firewall = new Cais.Network.Firewall.NetworkFirewall(),
    });

    /// <summary>A 10.222.x.0/24 no host route and no iptables rule mentions yet, so leak checks cannot see someone else's rules.</summary>
    private static async Task<Ipv4Cidr> FreeTestSubnetAsync(CancellationToken cancellationToken)
    {
        var routes = await HostRoutes.ReadAsync(cancellationToken);
        var rules = (await ExternalTool.RunCheckedAsync("iptables-save", [], cancellationToken)).Stdout;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var candidate = Ipv4Cidr.Parse($"10.222.{RandomNumberGenerator.GetInt32(256)}.0/24");
            if (!routes.Any(r => r.Destination.PrefixLength > 0 && r.Destination.Overlaps(candidate)) && !rules.Contains(Prefix(candidate), StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("no free 10.222.x.0/24 test subnet");
    }

    /// <summary>"10.222.x." — what every address and rule of the test subnet starts with.</summary>
    private static string Prefix(Ipv4Cidr subnet) => subnet.ToString()[..(subnet.ToString().LastIndexOf('.') + 1)];

    private static Task<ToolResult> InNamespace(string netns, string[] command, CancellationToken cancellationToken) =>
        ExternalTool.RunAsync("nsenter", [$"--net={netns}", .. command], cancellationToken);

    private static async Task<string> BridgePortsAsync(string bridge, CancellationToken cancellationToken) =>
        Directory.Exists($"/sys/class/net/{bridge}")
            ? (await ExternalTool.RunCheckedAsync("ip", ["-o", "link", "show", "master", bridge], cancellationToken)).Stdout.Trim()
            : "";

    private static async Task DeleteBridgeQuietlyAsync(string bridge)
    {
        if (Directory.Exists($"/sys/class/net/{bridge}"))
        {
            await ExternalTool.RunAsync("ip", ["link", "delete", bridge], CancellationToken.None);
        }
    }

    [Fact]
    public async Task Namespace_is_created_without_moving_the_caller_and_loopback_comes_up()
    {
        RequirePrerequisites();
        using var cts = new CancellationTokenSource(s_timeout);
        var netns = _temp.Combine("run", "netns", "lo-only");
        var before = File.ResolveLinkTarget("/proc/thread-self/ns/net", false)?.LinkTarget;
        try
        {
            NetworkService.CreateNamespace(netns);

            Assert.Equal(before, File.ResolveLinkTarget("/proc/thread-self/ns/net", false)?.LinkTarget);
            Assert.True(NetworkNamespace.Exists(netns));
            var lo = await InNamespace(netns, ["ip", "-o", "addr", "show", "lo"], cts.Token);
            lo.EnsureSuccess();
            Assert.Contains("127.0.0.1/8", lo.Stdout, StringComparison.Ordinal);
            var links = await InNamespace(netns, ["ip", "-o", "link"], cts.Token);
            // A fresh namespace: loopback only, nothing of the host's.
            Assert.Single(links.Stdout.Trim().Split('\n'));
        }
        finally
        {
            NetworkNamespace.Delete(netns);
        }

        Assert.False(File.Exists(netns));
        Assert.False(Mounts.IsMountPoint(netns));
        NetworkNamespace.Delete(netns);
    }

    [Fact]
    public async Task Attach_gives_the_namespace_an_address_that_reaches_the_gateway_and_detach_leaves_nothing()
    {
        RequirePrerequisites();
        using var cts = new CancellationTokenSource(s_timeout);
        var ct = cts.Token;
        var subnet = await FreeTestSubnetAsync(ct);
        var bridge = "ctst-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var containerId = Ids.NewId();
        var netns = _temp.Combine("run", "netns", Ids.Short(containerId));
        var service = Service();
        var network = await service.CreateAsync(
            new NetworkCreateRequest { Name = TestNames.For("attach"), Subnet = subnet.ToString(), BridgeName = bridge }, ct);
        var address = Ipv4Cidr.FormatAddress(subnet.Address + 5);
        var allocation = Path.Combine(service.IpamDirectory, network.Name, address);
        try
        {
            try
            {
                NetworkService.CreateNamespace(netns);
                var attachment = await service.AttachAsync(containerId, netns, network, address, ["web"], "eth0", ct);

                Assert.Equal(address, attachment.IPAddress);
                Assert.Equal(24, attachment.PrefixLength);
                Assert.Equal(network.Gateway, attachment.Gateway);
                Assert.Matches("^([0-9a-f]{2}:){5}[0-9a-f]{2}$", attachment.MacAddress);

                var eth0 = await InNamespace(netns, ["ip", "-o", "addr", "show", "eth0"], ct);
                eth0.EnsureSuccess();
                Assert.Contains($"inet {address}/24", eth0.Stdout, StringComparison.Ordinal);
                var link = await InNamespace(netns, ["ip", "-o", "link", "show", "eth0"], ct);
                Assert.Contains(attachment.MacAddress, link.Stdout, StringComparison.Ordinal);
                var route = await InNamespace(netns, ["ip", "-o", "route", "show", "default"], ct);
                Assert.Contains($"via {network.Gateway}", route.Stdout, StringComparison.Ordinal);

                var ping = await InNamespace(netns, ["busybox", "ping", "-c", "1", "-W", "1", network.Gateway], ct);
                Assert.True(ping.Succeeded, $"ping {network.Gateway} from the namespace failed: {ping.Stdout} {ping.Stderr}");

                // Things the leak checks below look for must exist now, or their absence later proves nothing.
                Assert.NotEqual("", await BridgePortsAsync(bridge, ct));
                Assert.True(File.Exists(allocation), $"no host-local allocation file {allocation}");
                // The network's NAT rule, installed when the bridge came up.
                Assert.Contains($"-s {subnet}", (await ExternalTool.RunCheckedAsync("iptables-save", [], ct)).Stdout, StringComparison.Ordinal);
            }
            finally
            {
                await service.DetachAsync(containerId, netns, network, "eth0", CancellationToken.None);
                NetworkNamespace.Delete(netns);
            }

            // Repeating both is harmless (cleanup after a crash may run them again).
            await service.DetachAsync(containerId, netns, network, "eth0", ct);
            NetworkNamespace.Delete(netns);

            Assert.Equal("", await BridgePortsAsync(bridge, ct));
            Assert.False(File.Exists(netns));
            Assert.False(Mounts.IsMountPoint(netns));
            Assert.False(File.Exists(allocation));
            var leftRules = (await ExternalTool.RunCheckedAsync("iptables-save", [], ct)).Stdout.Split('\n')
                .Where(l => l.Contains(Prefix(subnet), StringComparison.Ordinal) && !l.Contains("cais:" + network.Id, StringComparison.Ordinal)).ToList();
            Assert.True(leftRules.Count == 0, "per-container iptables rules left behind:\n" + string.Join('\n', leftRules));

            await service.RemoveAsync(network.Name, [], ct);
            var networkRules = (await ExternalTool.RunCheckedAsync("iptables-save", [], ct)).Stdout.Split('\n')
                .Where(l => l.Contains(Prefix(subnet), StringComparison.Ordinal) || l.Contains("cais:" + network.Id, StringComparison.Ordinal)).ToList();
            Assert.True(networkRules.Count == 0, "network rules left after removal:\n" + string.Join('\n', networkRules));
            Assert.False(Directory.Exists($"/sys/class/net/{bridge}"));
            Assert.Empty(service.List());
        }
        finally
        {
            NetworkNamespace.Delete(netns);
            await DeleteBridgeQuietlyAsync(bridge);
        }
    }
    [Fact]
    public async Task Concurrent_attaches_get_distinct_addresses_and_reach_each_other_over_the_bridge()
    {
        RequirePrerequisites();
        using var cts = new CancellationTokenSource(s_timeout);
        var ct = cts.Token;
        var subnet = await FreeTestSubnetAsync(ct);
        var bridge = "ctst-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var service = Service();
        var network = await service.CreateAsync(
            new NetworkCreateRequest { Name = TestNames.For("pair"), Subnet = subnet.ToString(), BridgeName = bridge }, ct);
        var ids = new[] { Ids.NewId(), Ids.NewId() };
        var namespaces = ids.Select(id => _temp.Combine("run", "netns", Ids.Short(id))).ToArray();
        try
        {
            try
            {
                // Two starts at once: host-local's lock in its data directory must hand out different addresses.
                var attachments = await Task.WhenAll(ids.Select(async (id, i) =>
                {
                    NetworkService.CreateNamespace(namespaces[i]);
                    return await service.AttachAsync(id, namespaces[i], network, null, [], "eth0", ct);
                }));

                Assert.NotEqual(attachments[0].IPAddress, attachments[1].IPAddress);
                Assert.All(attachments, a => Assert.True(Ipv4Cidr.TryParseAddress(a.IPAddress, out var ip) && subnet.Contains(ip), a.IPAddress));
                var ping = await InNamespace(namespaces[0], ["busybox", "ping", "-c", "1", "-W", "1", attachments[1].IPAddress], ct);
                Assert.True(ping.Succeeded, $"ping between the test namespaces failed: {ping.Stdout} {ping.Stderr}");
            }
            finally
            {
                for (var i = 0; i < ids.Length; i++)
                {
                    await service.DetachAsync(ids[i], namespaces[i], network, "eth0", CancellationToken.None);
                    NetworkNamespace.Delete(namespaces[i]);
                }
            }

            Assert.Equal("", await BridgePortsAsync(bridge, ct));
            await service.RemoveAsync(network.Name, [], ct);
            Assert.DoesNotContain(Prefix(subnet), (await ExternalTool.RunCheckedAsync("iptables-save", [], ct)).Stdout, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var netns in namespaces)
            {
                NetworkNamespace.Delete(netns);
            }

            await DeleteBridgeQuietlyAsync(bridge);
        }
    }
}
