namespace Cais.Network;

public sealed record NetworkServiceOptions
{
    /// <summary>Where the CNI plugin executables live (Debian's containernetworking-plugins).</summary>
    public string PluginDirectory { get; init; } = "/usr/lib/cni";

    /// <summary>Persistent state: host-local allocations and cached ADD results (under the state root, survives reboots of cais).</summary>
    public required string StateDirectory { get; init; }

    /// <summary>The host's routes, injectable for tests; defaults to /proc/net/route.</summary>
    public Func<CancellationToken, Task<IReadOnlyList<HostRoute>>>? RouteSource { get; init; }

    public TimeSpan PluginTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
