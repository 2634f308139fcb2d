using System.Net;

namespace Cais.Network.Dns;

/// <summary>What the resident resolver of one state serves and where.</summary>
public sealed record ResolverDaemonOptions
{
    public required NetworkRepository Networks { get; init; }

    /// <summary>The containers on the networks, as the resolver sees them (the container module reads its records).</summary>
    public required IDnsRecordSource Records { get; init; }

    /// <summary>The engine's run root; the daemon's files live in its "dns" directory.</summary>
    public required string RunRoot { get; init; }

    /// <summary>Port on every network's gateway address (53 in production; tests use a high one).</summary>
    public int Port { get; init; } = ResolverConfig.DnsPort;

    /// <summary>Default upstreams for names no network knows (the host's resolv.conf servers).</summary>
    public IReadOnlyList<IPEndPoint> Upstreams { get; init; } = [];

    /// <summary>
    /// How often the daemon syncs on its own: it notices networks and containers changed without a sync (a crashed
    /// cais process, a container whose cleanup never told us) and exits once idle instead of lingering forever.
    /// </summary>
    public TimeSpan IdleCheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a control client may take to send its command line.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Diagnostics (the CLI sends them to stderr, which is /dev/null for a spawned daemon).</summary>
    public Action<string>? Log { get; init; }
}
