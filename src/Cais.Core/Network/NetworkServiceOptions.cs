using Cais.Linux.Commands;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cais.Network;

public sealed record NetworkServiceOptions
{
    /// <summary>Where the CNI plugin executables live (Debian's containernetworking-plugins).</summary>
    public string PluginDirectory { get; init; } = "/usr/lib/cni";

    /// <summary>Persistent state: host-local allocations and cached ADD results (under the state root, survives reboots of cais).</summary>
    public required string StateDirectory { get; init; }

    /// <summary>
    /// Host-wide state, shared by every state root on this host: the default bridge (cais0) is one device whatever the
    /// root, so its address allocations and the lock that serializes bringing bridges up live here. Under /run, like
    /// the namespaces and interfaces it describes, which a reboot wipes too.
    /// </summary>
    public string HostStateDirectory { get; init; } = "/run/cais-net";

    /// <summary>The host's routes, injectable for tests; defaults to /proc/net/route.</summary>
    public Func<CancellationToken, Task<IReadOnlyList<HostRoute>>>? RouteSource { get; init; }

    /// <summary>
    /// Whether creating a network brings its bridge device up (and with it the firewall rules). Off only in unit tests
    /// of the record keeping, which must not touch the host's interfaces.
    /// </summary>
    public bool ManageBridgeDevices { get; init; } = true;

    /// <summary>Installs and removes each network's NAT and filter rules; none in unit tests.</summary>
    public INetworkFirewall? Firewall { get; init; }

    /// <summary>How long a check that a network's rules are in place counts before a container start checks again.</summary>
    public TimeSpan FirewallProbeInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan PluginTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Who uses a network (the containers module answers; none when unset).</summary>
    public INetworkUsers? Users { get; init; }

    /// <summary>Runs ip and the CNI plugins; the composition root passes the engine's one runner.</summary>
    public ICommandRunner Commands { get; init; } = NativeCommandRunner.Instance;
    /// <summary>Where this module's debug lines go (off by default; the CLI turns it on with -D or --log-level).</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
