using Cais.Linux.Commands;

namespace Cais.Network.Firewall;

/// <summary>Where <see cref="NetworkFirewall"/> finds its tools and keeps its lock.</summary>
public sealed record NetworkFirewallOptions
{
    /// <summary>
    /// Host-wide lock serializing rule changes of every cais process, whatever its state root: iptables state belongs to the
    /// host, and two engines checking then appending the same rule at once would add it twice.
    /// </summary>
    public string LockPath { get; init; } = "/run/cais-firewall.lock";

    /// <summary>The iptables binary (iptables-nft or -legacy); found on PATH when not absolute.</summary>
    public string IptablesPath { get; init; } = "iptables";

    /// <summary>The sysctl file turned to 1 for networks that reach the outside.</summary>
    public string IpForwardPath { get; init; } = "/proc/sys/net/ipv4/ip_forward";

    /// <summary>Runs iptables; the composition root passes the engine's one runner.</summary>
    public ICommandRunner Commands { get; init; } = NativeCommandRunner.Instance;
}
