namespace Cais.Network.Firewall;

/// <summary>
/// The iptables rules the engine installs once per network (Docker's approach) instead of per container through the CNI
/// bridge plugin's ipMasq and the firewall plugin, which cost 20-30 ms of iptables calls for every container.
/// </summary>
/// <remarks>
/// <para>Every rule of a network names its bridge with -i or -o, so it only ever sees packets that touch that network.
/// A packet between two engine bridges is seen by both networks' rules, and the order of their blocks in the shared chain
/// depends on which network came up first. Forwarding such a packet needs the consent of both sides (a published port of
/// B reached from A is fine unless either is internal), and first-match rules in one chain cannot express "both agree"
/// in every order. So the drops between engine bridges live in their own chain, <see cref="IsolationChain"/>, jumped to
/// first from <see cref="ForwardChain"/>: it holds only drops (and a RETURN for a bridge's own traffic that no other
/// network's drop can match), whose order cannot matter. What reaches the per-network blocks of <see cref="ForwardChain"/>
/// between two engine bridges is then allowed by both, so whichever block sees it first gives the same answer.</para>
/// <para>Internal networks also get an INPUT rule: their namespaces have a route to the host, and packets to the host's own
/// addresses never pass FORWARD. The bridge's gateway address stays reachable for the engine's DNS server.</para>
/// </remarks>
public static class FirewallRules
{
    public const string NatTable = "nat";

    public const string FilterTable = "filter";

    public const string RawTable = "raw";

    /// <summary>raw chain jumped to from the top of PREROUTING: engine-wide drops before any NAT or routing decision.</summary>
    public const string PreroutingChain = "CAIS-PREROUTING";

    /// <summary>nat chain holding the masquerade rules, jumped to from POSTROUTING.</summary>
    public const string PostroutingChain = "CAIS-POSTROUTING";

    /// <summary>filter chain jumped to from the top of FORWARD.</summary>
    public const string ForwardChain = "CAIS-FORWARD";

    /// <summary>filter chain of drops between engine bridges, jumped to from the top of <see cref="ForwardChain"/>.</summary>
    public const string IsolationChain = "CAIS-ISOLATION";

    /// <summary>filter chain jumped to from the top of INPUT (internal networks' "no host" rule).</summary>
    public const string InputChain = "CAIS-INPUT";

    /// <summary>Comment on the engine-wide jumps. It has no "cais:" prefix: those belong to one network each.</summary>
    public const string EngineComment = "cais network rules";

    /// <summary>Prefix of the comment that tags every rule of one network: "cais:" and the network's ID.</summary>
    public const string CommentPrefix = "cais:";

    /// <summary>iptables interface wildcard matching every engine bridge ("cais0", "cais-…").</summary>
    public const string AnyEngineBridge = "cais+";

    /// <summary>The engine's own chains, table and name, in the order they are created (jump targets before jumps).</summary>
    public static IReadOnlyList<(string Table, string Chain)> Chains { get; } =
    [
        (RawTable, PreroutingChain),
        (NatTable, PostroutingChain),
        (FilterTable, IsolationChain),
        (FilterTable, ForwardChain),
        (FilterTable, InputChain),
    ];

    /// <summary>The engine-wide jumps into the engine chains, shared by all networks and never removed (like Docker's).</summary>
    public static IReadOnlyList<FirewallJump> Jumps { get; } =
    [
        new(RawTable, "PREROUTING", PreroutingChain, First: true),
        new(NatTable, "POSTROUTING", PostroutingChain, First: false),
        new(FilterTable, ForwardChain, IsolationChain, First: true),
        new(FilterTable, "FORWARD", ForwardChain, First: true),
        new(FilterTable, "INPUT", InputChain, First: true),
    ];

    /// <summary>
    /// Rules for every network, installed with the first one and never removed. Packets from a container addressed to
    /// 127.0.0.0/8 are dropped before anything else sees them: portmap sets route_localnet on the bridge (so that ports
    /// published on 127.0.0.1 work from the host), which would otherwise let a container with CAP_NET_RAW (a default
    /// capability) reach the host's and other containers' loopback-only services with hand-made packets
    /// (the CVE-2020-8558 class; security.md item 15).
    /// </summary>
    public static IReadOnlyList<FirewallRule> EngineRules { get; } =
    [
        new(RawTable, PreroutingChain, ["-i", AnyEngineBridge, "-d", "127.0.0.0/8", "-m", "comment", "--comment", EngineComment, "-j", "DROP"]),
    ];

    /// <summary>The comment that tags the rules of the network with this ID.</summary>
    public static string CommentFor(string networkId)
    {
        ArgumentException.ThrowIfNullOrEmpty(networkId);
        return CommentPrefix + networkId;
    }

    /// <summary>
    /// The ID a network's rules are tagged with: its own, except for the default bridge. cais0 is one device for every state
    /// root on the host, and each root has its own record (and ID) for it; tagged with the bridge's name, its rules are one
    /// set that every root finds, checks and removes, instead of one more set per root.
    /// </summary>
    public static string OwnerId(NetworkRecord network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.BridgeName == NetworkRecord.DefaultBridge ? NetworkRecord.DefaultBridge : network.Id;
    }

    /// <summary>The rules of one network, in the order they are appended within each chain.</summary>
    public static IReadOnlyList<FirewallRule> For(NetworkRecord network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var bridge = network.BridgeName;
        if (string.IsNullOrEmpty(bridge) || bridge.Length > 15 || bridge.Contains('+', StringComparison.Ordinal) || bridge.Contains(' ', StringComparison.Ordinal))
        {
            throw new ArgumentException($"network {network.Name}: invalid bridge name \"{bridge}\"", nameof(network));
        }

        var subnet = Ipv4Cidr.Parse(network.Subnet).ToString();
        string[] tag = ["-m", "comment", "--comment", CommentFor(OwnerId(network))];
        var rules = new List<FirewallRule>();

        void Add(string table, string chain, string[] match, string target) => rules.Add(new FirewallRule(table, chain, [.. match, .. tag, "-j", target]));

        if (!network.Internal)
        {
            // Leaving through any other interface: the host's uplinks, and other engine bridges for published ports.
            Add(NatTable, PostroutingChain, ["-s", subnet, "!", "-o", bridge], "MASQUERADE");
        }

        // Isolation: only drops, plus the bridge's own traffic leaving early because "cais+" matches the bridge itself.
        Add(FilterTable, IsolationChain, ["-i", bridge, "-o", bridge], "RETURN");
        if (network.Internal)
        {
            Add(FilterTable, IsolationChain, ["-i", bridge], "DROP");
            Add(FilterTable, IsolationChain, ["-o", bridge], "DROP");
        }
        else
        {
            // New connections to another engine bridge are dropped; replies and published ports (DNAT) are left to the
            // destination's rules, which decide whether that network accepts them.
            Add(FilterTable, IsolationChain, ["-i", bridge, "-o", AnyEngineBridge, "-m", "conntrack", "!", "--ctstate", "RELATED,ESTABLISHED,DNAT"], "DROP");
        }

        Add(FilterTable, ForwardChain, ["-o", bridge, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED"], "ACCEPT");
        if (!network.Internal)
        {
            // Published ports: portmap DNATs from the host's addresses (and from other networks) to the container.
            Add(FilterTable, ForwardChain, ["-o", bridge, "-m", "conntrack", "--ctstate", "DNAT"], "ACCEPT");
        }

        Add(FilterTable, ForwardChain, ["-i", bridge, "-o", bridge], "ACCEPT");
        if (network.Internal)
        {
            Add(FilterTable, ForwardChain, ["-i", bridge], "DROP");
        }
        else
        {
            Add(FilterTable, ForwardChain, ["-i", bridge], "ACCEPT");
        }

        Add(FilterTable, ForwardChain, ["-o", bridge], "DROP");

        if (network.Internal)
        {
            if (!Ipv4Cidr.TryParseAddress(network.Gateway, out _))
            {
                throw new ArgumentException($"network {network.Name}: invalid gateway \"{network.Gateway}\"", nameof(network));
            }

            Add(FilterTable, InputChain, ["-i", bridge, "!", "-d", network.Gateway], "DROP");
        }

        return rules;
    }
}
