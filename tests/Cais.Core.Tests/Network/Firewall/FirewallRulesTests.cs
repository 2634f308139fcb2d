using Cais.Network;
using Cais.Network.Firewall;

namespace Cais.Core.Tests.Network.Firewall;

public sealed class FirewallRulesTests
{
    private static NetworkRecord Network(string id, string bridge, int octet, bool @internal = false) => new()
    {
        Id = id,
        Name = "net-" + id,
        Subnet = $"10.{octet}.0.0/16",
        Gateway = $"10.{octet}.0.1",
        BridgeName = bridge,
        Internal = @internal,
        Created = DateTimeOffset.UnixEpoch,
    };

    private static readonly NetworkRecord s_front = Network("f1", "cais-f1", 89);
    private static readonly NetworkRecord s_back = Network("b2", "cais-b2", 90);
    private static readonly NetworkRecord s_vault = Network("v3", "cais-v3", 91, @internal: true);
    private static readonly NetworkRecord[] s_networks = [s_front, s_back, s_vault];

    [Fact]
    public void Rules_of_a_network_that_reaches_the_outside()
    {
        var rules = FirewallRules.For(s_front).Select(r => r.ToString());

        Assert.Equal(
            [
                "-t nat -A CAIS-POSTROUTING -s 10.89.0.0/16 ! -o cais-f1 -m comment --comment cais:f1 -j MASQUERADE",
                "-t filter -A CAIS-ISOLATION -i cais-f1 -o cais-f1 -m comment --comment cais:f1 -j RETURN",
                "-t filter -A CAIS-ISOLATION -i cais-f1 -o cais+ -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -m comment --comment cais:f1 -j DROP",
                "-t filter -A CAIS-FORWARD -o cais-f1 -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment cais:f1 -j ACCEPT",
                "-t filter -A CAIS-FORWARD -o cais-f1 -m conntrack --ctstate DNAT -m comment --comment cais:f1 -j ACCEPT",
                "-t filter -A CAIS-FORWARD -i cais-f1 -o cais-f1 -m comment --comment cais:f1 -j ACCEPT",
                "-t filter -A CAIS-FORWARD -i cais-f1 -m comment --comment cais:f1 -j ACCEPT",
                "-t filter -A CAIS-FORWARD -o cais-f1 -m comment --comment cais:f1 -j DROP",
            ],
            rules);
    }

    [Fact]
    public void Rules_of_an_internal_network()
    {
        var rules = FirewallRules.For(s_vault).Select(r => r.ToString());

        Assert.Equal(
            [
                "-t filter -A CAIS-ISOLATION -i cais-v3 -o cais-v3 -m comment --comment cais:v3 -j RETURN",
                "-t filter -A CAIS-ISOLATION -i cais-v3 -m comment --comment cais:v3 -j DROP",
                "-t filter -A CAIS-ISOLATION -o cais-v3 -m comment --comment cais:v3 -j DROP",
                "-t filter -A CAIS-FORWARD -o cais-v3 -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment cais:v3 -j ACCEPT",
                "-t filter -A CAIS-FORWARD -i cais-v3 -o cais-v3 -m comment --comment cais:v3 -j ACCEPT",
                "-t filter -A CAIS-FORWARD -i cais-v3 -m comment --comment cais:v3 -j DROP",
                "-t filter -A CAIS-FORWARD -o cais-v3 -m comment --comment cais:v3 -j DROP",
                "-t filter -A CAIS-INPUT -i cais-v3 ! -d 10.91.0.1 -m comment --comment cais:v3 -j DROP",
            ],
            rules);
    }

    [Fact]
    public void Every_rule_is_tagged_with_its_network_and_names_its_bridge()
    {
        foreach (var network in s_networks)
        {
            foreach (var rule in FirewallRules.For(network))
            {
                var args = rule.Arguments.ToList();
                Assert.Equal("cais:" + network.Id, args[args.IndexOf("--comment") + 1]);
                Assert.Contains(args.Select((a, i) => (a, i)), p => p.a is "-i" or "-o" && args[p.i + 1] == network.BridgeName);
                Assert.Contains((rule.Table, rule.Chain), FirewallRules.Chains);
            }
        }
    }

    [Fact]
    public void Subnet_is_written_as_its_network_address()
    {
        var network = s_front with { Subnet = "10.89.7.9/16" };

        Assert.Contains("10.89.0.0/16", FirewallRules.For(network)[0].Arguments);
    }

    [Theory]
    [InlineData("")]
    [InlineData("cais+")]
    [InlineData("cais-0123456789ab")]
    public void Bad_bridge_names_are_refused(string bridge)
    {
        Assert.Throws<ArgumentException>(() => FirewallRules.For(s_front with { BridgeName = bridge }));
    }

    [Fact]
    public void Jumps_into_the_filter_chains_come_first()
    {
        Assert.Contains(FirewallRules.Jumps, j => j is { Table: "filter", FromChain: "FORWARD", ToChain: "CAIS-FORWARD", First: true });
        Assert.Contains(FirewallRules.Jumps, j => j is { Table: "filter", FromChain: "CAIS-FORWARD", ToChain: "CAIS-ISOLATION", First: true });
        Assert.Contains(FirewallRules.Jumps, j => j is { Table: "filter", FromChain: "INPUT", ToChain: "CAIS-INPUT", First: true });
        Assert.Contains(FirewallRules.Jumps, j => j is { Table: "nat", FromChain: "POSTROUTING", ToChain: "CAIS-POSTROUTING" });
        Assert.All(FirewallRules.Jumps, j => Assert.DoesNotContain("cais:", j.ToString(), StringComparison.Ordinal));
    }

    /// <summary>What each forwarded packet should meet, written down independently of the rules.</summary>
    private static string? Expected(SimPacket packet)
    {
        var from = s_networks.FirstOrDefault(n => n.BridgeName == packet.In);
        var to = s_networks.FirstOrDefault(n => n.BridgeName == packet.Out);
        var reply = packet.States.Contains("ESTABLISHED") || packet.States.Contains("RELATED");
        var published = packet.States.Contains("DNAT");
        if (from is null && to is null)
        {
            return null;
        }

        if (from == to)
        {
            return "ACCEPT";
        }

        if (from is { Internal: true } || to is { Internal: true })
        {
            return "DROP";
        }

        if (to is null)
        {
            return "ACCEPT";
        }

        return reply || published ? "ACCEPT" : "DROP";
    }

    private static readonly string[][] s_states = [["NEW"], ["NEW", "DNAT"], ["ESTABLISHED"], ["ESTABLISHED", "DNAT"], ["RELATED"]];

    private static IEnumerable<SimPacket> ForwardedPackets()
    {
        string[] interfaces = [.. s_networks.Select(n => n.BridgeName), "eth0", "eth1"];
        foreach (var from in interfaces)
        {
            foreach (var to in interfaces)
            {
                foreach (var states in s_states)
                {
                    yield return new SimPacket(from, to, states);
                }
            }
        }
    }

    private static IEnumerable<NetworkRecord[]> Orders(NetworkRecord[] networks) =>
        networks.Length <= 1
            ? [networks]
            : networks.SelectMany(first => Orders([.. networks.Where(n => n != first)]).Select(rest => (NetworkRecord[])[first, .. rest]));

    /// <summary>
    /// The chain as iptables builds it: the jumps first, then each network's rules appended in the order the networks
    /// came up, which may differ per chain (a partially removed network re-ensured later).
    /// </summary>
    private static FilterSimulator Build(NetworkRecord[] isolationOrder, NetworkRecord[] forwardOrder)
    {
        var simulator = new FilterSimulator();
        foreach (var jump in FirewallRules.Jumps.Where(j => j.Table == "filter"))
        {
            simulator.Append(jump.FromChain, jump.Arguments);
        }

        foreach (var rule in isolationOrder.SelectMany(FirewallRules.For).Where(r => r.Chain == FirewallRules.IsolationChain))
        {
            simulator.Append(rule.Chain, rule.Arguments);
        }

        foreach (var rule in forwardOrder.SelectMany(FirewallRules.For).Where(r => r.Table == "filter" && r.Chain != FirewallRules.IsolationChain))
        {
            simulator.Append(rule.Chain, rule.Arguments);
        }

        return simulator;
    }

    [Fact]
    public void Forwarding_verdicts_do_not_depend_on_which_network_came_up_first()
    {
        var failures = new List<string>();
        foreach (var isolationOrder in Orders(s_networks))
        {
            foreach (var forwardOrder in Orders(s_networks))
            {
                var simulator = Build(isolationOrder, forwardOrder);
                foreach (var packet in ForwardedPackets())
                {
                    var verdict = simulator.Evaluate("FORWARD", packet);
                    if (verdict != Expected(packet))
                    {
                        failures.Add($"{packet}: {verdict ?? "no verdict"}, expected {Expected(packet) ?? "no verdict"} "
                            + $"(order {string.Join(',', forwardOrder.Select(n => n.Id))})");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Distinct().Take(20)));
    }

    /// <summary>
    /// Why the isolation drops have their own chain: with every network's rules in one chain, a published port of one
    /// network reached from an internal one gets a different answer depending on which network came up first.
    /// </summary>
    [Fact]
    public void One_shared_chain_would_depend_on_the_order()
    {
        var verdicts = new HashSet<string?>();
        foreach (var order in Orders(s_networks))
        {
            var simulator = new FilterSimulator();
            simulator.Append("FORWARD", ["-j", FirewallRules.ForwardChain]);
            foreach (var rule in order.SelectMany(FirewallRules.For).Where(r => r.Table == "filter" && r.Chain != FirewallRules.InputChain))
            {
                simulator.Append(FirewallRules.ForwardChain, rule.Arguments.Select(a => a == "RETURN" ? "ACCEPT" : a).ToArray());
            }

            verdicts.Add(simulator.Evaluate("FORWARD", new SimPacket(s_vault.BridgeName, s_front.BridgeName, ["NEW", "DNAT"])));
        }

        Assert.Equal(2, verdicts.Count);
    }

    [Theory]
    [InlineData("cais-v3", "10.91.0.1", null)]
    [InlineData("cais-v3", "10.89.0.1", "DROP")]
    [InlineData("cais-v3", "192.0.2.10", "DROP")]
    [InlineData("cais-f1", "192.0.2.10", null)]
    [InlineData("eth0", "192.0.2.10", null)]
    public void Internal_networks_reach_only_their_gateway_on_the_host(string from, string destination, string? expected)
    {
        var simulator = Build(s_networks, s_networks);

        Assert.Equal(expected, simulator.Evaluate("INPUT", new SimPacket(from, "", ["NEW"], destination)));
    }

    [Fact]
    public void Only_networks_that_reach_the_outside_are_masqueraded()
    {
        Assert.Single(FirewallRules.For(s_front), r => r.Table == "nat");
        Assert.DoesNotContain(FirewallRules.For(s_vault), r => r.Table == "nat");
    }
}
