using System.Net;
using Cais.Network.Dns;

namespace Cais.Hosting;

/// <summary>How to run the resident resolver: the front door's choices, not the engine's graph.</summary>
public sealed record ResolverDaemonRequest
{
    /// <summary>Port on every network's gateway address (53 in production; tests use a high one).</summary>
    public int Port { get; init; } = ResolverConfig.DnsPort;

    /// <summary>Nameservers for names no network knows; null: the host's (its resolv.conf).</summary>
    public IReadOnlyList<IPEndPoint>? Upstreams { get; init; }

    /// <summary>Diagnostics (the CLI sends them to stderr, which is /dev/null for a spawned daemon).</summary>
    public Action<string>? Log { get; init; }
}
