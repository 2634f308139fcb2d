using System.Security.Cryptography;
using Cais.Common;
using Cais.Network;
using Cais.Network.Firewall;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Network;

/// <summary>
/// The engine's per-network iptables rules against real traffic. The test builds everything by hand: two bridges with
/// unique "cais-t…" names on 10.251.x.0/24 subnets no host route uses, namespaces on them, and one "outside" namespace
/// behind a plain veth standing for the world beyond the host (its host-side address is the host's non-bridge address).
/// Packets only ever go between addresses the test created. Everything is removed in finally.
/// </summary>
[Collection(HostNetworkCollection.Name)]
public sealed class NetworkFirewallTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    private sealed record Topology(string Suffix, Ipv4Cidr SubnetA, Ipv4Cidr SubnetB, Ipv4Cidr Outside)
    {
        public string BridgeA => $"cais-t{Suffix}a";

        public string BridgeB => $"cais-t{Suffix}b";

        public string NsA1 => $"cfw{Suffix}a1";

        public string NsA2 => $"cfw{Suffix}a2";

        public string NsB1 => $"cfw{Suffix}b1";

        public string NsOutside => $"cfw{Suffix}o";

        public string OutsideLink => $"cfw{Suffix}o";

        public IEnumerable<string> Namespaces => [NsA1, NsA2, NsB1, NsOutside];

        public static string Host(Ipv4Cidr subnet, uint n) => Ipv4Cidr.FormatAddress(subnet.Address + n);
    }

    private static NetworkRecord Record(string bridge, Ipv4Cidr subnet, bool @internal) => new()
    {
        Id = Ids.NewId(),
        Name = "fwtest-" + bridge,
        Subnet = subnet.ToString(),
        Gateway = Topology.Host(subnet, 1),
        BridgeName = bridge,
        Internal = @internal,
        Created = DateTimeOffset.UtcNow,
    };

    private static Task<ToolResult> Ip(CancellationToken cancellationToken, params string[] arguments) =>
        ExternalTool.RunCheckedAsync("ip", arguments, cancellationToken);

    /// <summary>Three 10.251.x.0/24 subnets that no host route and no iptables rule mentions.</summary>
    private static async Task<Ipv4Cidr[]> FreeSubnetsAsync(CancellationToken cancellationToken)
    {
        var routes = await HostRoutes.ReadAsync(cancellationToken);
        var rules = (await ExternalTool.RunCheckedAsync("iptables-save", [], cancellationToken)).Stdout;
        var chosen = new List<Ipv4Cidr>();
        for (var attempt = 0; attempt < 200 && chosen.Count < 3; attempt++)
        {
            var third = RandomNumberGenerator.GetInt32(256);
            var candidate = Ipv4Cidr.Parse($"10.251.{third}.0/24");
            if (!chosen.Contains(candidate)
                && !routes.Any(r => r.Destination.PrefixLength > 0 && r.Destination.Overlaps(candidate))
                && !rules.Contains($"10.251.{third}.", StringComparison.Ordinal))
            {
                chosen.Add(candidate);
            }
        }

        return chosen.Count == 3 ? [.. chosen] : throw new InvalidOperationException("no free 10.251.x.0/24 test subnets");
    }

    private static async Task AddBridgeAsync(string bridge, Ipv4Cidr subnet, CancellationToken ct)
    {
        await Ip(ct, "link", "add", bridge, "type", "bridge");
        await Ip(ct, "addr", "add", $"{Topology.Host(subnet, 1)}/{subnet.PrefixLength}", "dev", bridge);
        await Ip(ct, "link", "set", bridge, "up");
    }

    /// <summary>A namespace with eth0 on <paramref name="bridge"/> at subnet host <paramref name="n"/>, default route via the bridge.</summary>
    private static async Task AddMemberAsync(string ns, string bridge, Ipv4Cidr subnet, uint n, CancellationToken ct)
    {
        await Ip(ct, "netns", "add", ns);
        await Ip(ct, "link", "add", ns, "type", "veth", "peer", "name", "eth0", "netns", ns);
        await Ip(ct, "link", "set", ns, "master", bridge);
        await Ip(ct, "link", "set", ns, "up");
        await Ip(ct, "-n", ns, "link", "set", "lo", "up");
        await Ip(ct, "-n", ns, "addr", "add", $"{Topology.Host(subnet, n)}/{subnet.PrefixLength}", "dev", "eth0");
        await Ip(ct, "-n", ns, "link", "set", "eth0", "up");
        await Ip(ct, "-n", ns, "route", "add", "default", "via", Topology.Host(subnet, 1));
    }

    private static async Task BuildAsync(Topology t, CancellationToken ct)
    {
        await AddBridgeAsync(t.BridgeA, t.SubnetA, ct);
        await AddBridgeAsync(t.BridgeB, t.SubnetB, ct);
        await AddMemberAsync(t.NsA1, t.BridgeA, t.SubnetA, 2, ct);
        await AddMemberAsync(t.NsA2, t.BridgeA, t.SubnetA, 3, ct);
        await AddMemberAsync(t.NsB1, t.BridgeB, t.SubnetB, 2, ct);

        // "Outside": a routed point-to-point link; .1 is a host address on no bridge, .2 a machine beyond the host.
        await Ip(ct, "netns", "add", t.NsOutside);
        await Ip(ct, "link", "add", t.OutsideLink, "type", "veth", "peer", "name", "eth0", "netns", t.NsOutside);
        await Ip(ct, "addr", "add", $"{Topology.Host(t.Outside, 1)}/{t.Outside.PrefixLength}", "dev", t.OutsideLink);
        await Ip(ct, "link", "set", t.OutsideLink, "up");
        await Ip(ct, "-n", t.NsOutside, "link", "set", "lo", "up");
        await Ip(ct, "-n", t.NsOutside, "addr", "add", $"{Topology.Host(t.Outside, 2)}/{t.Outside.PrefixLength}", "dev", "eth0");
        await Ip(ct, "-n", t.NsOutside, "link", "set", "eth0", "up");

        // Only so that a new connection from outside to network A is even routed (and then must be dropped).
        await Ip(ct, "-n", t.NsOutside, "route", "add", t.SubnetA.ToString(), "via", Topology.Host(t.Outside, 1));
    }

    private static async Task TearDownAsync(Topology t)
    {
        foreach (var ns in t.Namespaces)
        {
            // Deleting a namespace destroys the veth ends inside it, and so their peers on the host.
            await ExternalTool.RunAsync("ip", ["netns", "delete", ns], CancellationToken.None);
        }

        foreach (var link in new[] { t.BridgeA, t.BridgeB, t.OutsideLink, t.NsA1, t.NsA2, t.NsB1 })
        {
            if (Directory.Exists($"/sys/class/net/{link}"))
            {
                await ExternalTool.RunAsync("ip", ["link", "delete", link], CancellationToken.None);
            }
        }
    }

    private static async Task<bool> PingAsync(string ns, string address, CancellationToken ct)
    {
        // Three echoes 0.3 s apart: a blocked address costs two seconds, not busybox's default ten.
        var result = await ExternalTool.RunAsync("ip", ["netns", "exec", ns, "busybox", "ping", "-c", "3", "-i", "0.3", "-W", "1", "-w", "2", address], ct);
        return result.ExitCode == 0;
    }

    private static async Task AssertReachesAsync(string ns, string address, CancellationToken ct)
    {
        // A first packet can be lost while neighbours are resolved; a reachable address answers within three tries.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await PingAsync(ns, address, ct))
            {
                return;
            }
        }

        Assert.Fail($"{ns} cannot reach {address}, but should");
    }

    private static async Task AssertBlockedAsync(string ns, string address, CancellationToken ct) =>
        Assert.False(await PingAsync(ns, address, ct), $"{ns} reaches {address}, but must not");

    private static async Task<string[]> TaggedRulesAsync(NetworkRecord network, CancellationToken ct)
    {
        var lines = (await ExternalTool.RunCheckedAsync("iptables-save", [], ct)).Stdout.Split('\n');
        var tag = FirewallRules.CommentFor(network.Id);
        return [.. lines.Where(l => l.Contains($"\"{tag}\"", StringComparison.Ordinal) || l.Contains($" {tag} ", StringComparison.Ordinal))];
    }

    [Fact]
    public async Task Rules_isolate_networks_keep_internal_ones_in_and_leave_nothing_behind()
    {
        Requires.Root("ip", "iptables", "iptables-save", "busybox");
        using var cts = new CancellationTokenSource(s_timeout);
        var ct = cts.Token;
        var subnets = await FreeSubnetsAsync(ct);
        var t = new Topology(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)), subnets[0], subnets[1], subnets[2]);
        var networkA = Record(t.BridgeA, t.SubnetA, @internal: false);
        var networkB = Record(t.BridgeB, t.SubnetB, @internal: false);
        var internalB = Record(t.BridgeB, t.SubnetB, @internal: true);
        var firewall = new NetworkFirewall();
        var a1 = Topology.Host(t.SubnetA, 2);
        var a2 = Topology.Host(t.SubnetA, 3);
        var b1 = Topology.Host(t.SubnetB, 2);
        var hostAddress = Topology.Host(t.Outside, 1);
        var outside = Topology.Host(t.Outside, 2);
        string[] foreignRule = ["-i", t.OutsideLink + "x", "-m", "comment", "--comment", "cais-test " + t.Suffix, "-j", "RETURN"];
        try
        {
            await BuildAsync(t, ct);

            await firewall.EnsureAsync(networkA, ct);
            await firewall.EnsureAsync(networkB, ct);
            await firewall.EnsureAsync(networkA, ct);
            Assert.Equal(FirewallRules.For(networkA).Count, (await TaggedRulesAsync(networkA, ct)).Length);
            Assert.Equal(FirewallRules.For(networkB).Count, (await TaggedRulesAsync(networkB, ct)).Length);

            // Another tool inserting at the top of FORWARD later (Docker does) must not get to judge engine traffic first.
            await ExternalTool.RunCheckedAsync("iptables", ["-w", "-I", "FORWARD", "1", .. foreignRule], ct);
            await firewall.EnsureAsync(networkA, ct);
            var forward = (await ExternalTool.RunCheckedAsync("iptables", ["-w", "-S", "FORWARD"], ct)).Stdout
                .Split('\n').Where(l => l.StartsWith("-A FORWARD ", StringComparison.Ordinal)).ToList();
            Assert.EndsWith("-j CAIS-FORWARD", forward[0], StringComparison.Ordinal);
            Assert.Single(forward, l => l.EndsWith("-j CAIS-FORWARD", StringComparison.Ordinal));

            // Two networks that reach the outside.
            await AssertReachesAsync(t.NsA1, a2, ct);
            await AssertReachesAsync(t.NsA1, outside, ct);
            await AssertReachesAsync(t.NsB1, hostAddress, ct);
            await AssertBlockedAsync(t.NsA1, b1, ct);
            await AssertBlockedAsync(t.NsB1, a1, ct);
            await AssertBlockedAsync(t.NsOutside, a1, ct);

            // The same bridge turned internal.
            await firewall.RemoveAsync(networkB, ct);
            Assert.Empty(await TaggedRulesAsync(networkB, ct));
            await firewall.EnsureAsync(internalB, ct);
            await AssertReachesAsync(t.NsB1, internalB.Gateway, ct);
            await AssertBlockedAsync(t.NsB1, hostAddress, ct);
            await AssertBlockedAsync(t.NsB1, networkA.Gateway, ct);
            await AssertBlockedAsync(t.NsB1, outside, ct);
            await AssertBlockedAsync(t.NsB1, a1, ct);
            await AssertBlockedAsync(t.NsA1, b1, ct);
            await AssertReachesAsync(t.NsA1, a2, ct);

            await firewall.RemoveAsync(networkA, ct);
            await firewall.RemoveAsync(internalB, ct);
            await firewall.RemoveAsync(internalB, ct);
            Assert.Empty(await TaggedRulesAsync(networkA, ct));
            Assert.Empty(await TaggedRulesAsync(internalB, ct));
        }
        finally
        {
            foreach (var network in new[] { networkA, networkB, internalB })
            {
                try
                {
                    await firewall.RemoveAsync(network, CancellationToken.None);
                }
                catch (EngineException)
                {
                    // Best effort in cleanup; the assertion above reports what went wrong.
                }
            }

            await ExternalTool.RunAsync("iptables", ["-w", "-D", "FORWARD", .. foreignRule], CancellationToken.None);
            await TearDownAsync(t);
        }

        Assert.False(Directory.Exists($"/sys/class/net/{t.BridgeA}"));
        Assert.False(File.Exists($"/run/netns/{t.NsA1}"));
    }

    /// <summary>
    /// CVE-2020-8558's path: with route_localnet on a bridge (portmap sets it for ports published on 127.0.0.1), a
    /// member that puts 127.0.0.1 on the wire reaches the host's loopback-only services. A namespace stands in for a
    /// container crafting such packets (it may route 127.0.0.1 out itself; a container would use a raw socket). Behind
    /// a bridge the engine rules do not cover it gets through, which proves the path; behind an engine bridge it must not.
    /// </summary>
    [Fact]
    public async Task Packets_to_loopback_from_an_engine_bridge_are_dropped_even_with_route_localnet()
    {
        Requires.Root("ip", "iptables", "iptables-save", "busybox", "sysctl");
        using var cts = new CancellationTokenSource(s_timeout);
        var ct = cts.Token;
        var subnets = await FreeSubnetsAsync(ct);
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var engineBridge = $"cais-t{suffix}l";
        var otherBridge = $"cfw{suffix}l";
        var engineNs = $"cfw{suffix}e";
        var otherNs = $"cfw{suffix}x";
        var engineNetwork = Record(engineBridge, subnets[0], @internal: false);
        using var secret = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        secret.Start();
        var port = ((System.Net.IPEndPoint)secret.LocalEndpoint).Port;
        _ = Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                using var client = await secret.AcceptTcpClientAsync(ct);
                await client.GetStream().WriteAsync("loopback-secret\n"u8.ToArray(), ct);
            }
        }, ct);
        try
        {
            foreach (var (bridge, ns, subnet) in new[] { (engineBridge, engineNs, subnets[0]), (otherBridge, otherNs, subnets[1]) })
            {
                await AddBridgeAsync(bridge, subnet, ct);
                await AddMemberAsync(ns, bridge, subnet, 2, ct);
                await ExternalTool.RunCheckedAsync("sysctl", ["-q", "-w", $"net.ipv4.conf.{bridge}.route_localnet=1"], ct);
                // The member sends 127.0.0.1 out through its gateway instead of to its own loopback.
                // (Its own 127.0.0.1 goes, or it would drop the host's replies from that address as martian.)
                await Ip(ct, "-n", ns, "addr", "flush", "dev", "lo");
                await ExternalTool.RunCheckedAsync("ip", ["netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv4.conf.eth0.route_localnet=1"], ct);
                await Ip(ct, "-n", ns, "route", "add", "127.0.0.1/32", "via", Topology.Host(subnet, 1), "dev", "eth0");
            }

            await new NetworkFirewall().EnsureAsync(engineNetwork, ct);

            async Task<string> ReadAsync(string ns)
            {
                var result = await ExternalTool.RunAsync("ip", ["netns", "exec", ns, "busybox", "nc", "-w", "2", "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], ct);
                return result.Stdout.Trim();
            }

            Assert.Equal("loopback-secret", await ReadAsync(otherNs));
            Assert.Equal("", await ReadAsync(engineNs));

            await new NetworkFirewall().RemoveAsync(engineNetwork, ct);
            Assert.Empty(await TaggedRulesAsync(engineNetwork, ct));
        }
        finally
        {
            await new NetworkFirewall().RemoveAsync(engineNetwork, CancellationToken.None);
            foreach (var ns in new[] { engineNs, otherNs })
            {
                await ExternalTool.RunAsync("ip", ["netns", "delete", ns], CancellationToken.None);
            }

            foreach (var link in new[] { engineBridge, otherBridge })
            {
                await ExternalTool.RunAsync("ip", ["link", "delete", link], CancellationToken.None);
            }
        }
    }
}
