using System.Net;

namespace Cais.Network.Dns;

/// <summary>What one embedded resolver serves, where it listens and whom it asks about everything else.</summary>
public sealed record DnsServerOptions
{
    /// <summary>Docker's TTL for container records.</summary>
    public const uint DefaultTtl = 600;

    public DnsServerOptions(IPEndPoint listen, string networkId)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentException.ThrowIfNullOrEmpty(networkId);
        Listen = listen;
        NetworkId = networkId;
    }

    /// <summary>Address and port for both UDP and TCP; port 0 picks a port free for both.</summary>
    public IPEndPoint Listen { get; init; }

    /// <summary>The network whose containers this resolver answers for.</summary>
    public string NetworkId { get; init; }

    /// <summary>An <c>--internal</c> network: external names are refused, never forwarded (CVE-2024-29018).</summary>
    public bool Internal { get; init; }

    /// <summary>Nameservers tried in order for names the network does not know; none means such names are refused.</summary>
    public IReadOnlyList<IPEndPoint> Upstreams { get; init; } = [];

    /// <summary>How long to wait for each upstream before trying the next.</summary>
    public TimeSpan UpstreamTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public uint Ttl { get; init; } = DefaultTtl;

    /// <summary>Queries handled at once; UDP queries beyond this are dropped (clients retry), so memory stays bounded.</summary>
    public int MaxConcurrentQueries { get; init; } = 256;

    /// <summary>TCP connections open at once; more are closed on accept.</summary>
    public int MaxTcpConnections { get; init; } = 64;

    /// <summary>
    /// Bind with IP_FREEBIND: the address need not be configured yet. A network's gateway address appears only when
    /// the CNI bridge plugin creates the bridge for the first container, after the resolver must already listen.
    /// </summary>
    public bool FreeBind { get; init; }

    /// <summary>
    /// Only queries from these networks are answered (null: from anyone). The resolver listens in the host's network
    /// namespace, where a gateway address may be reachable from outside too; it must not become an open resolver.
    /// </summary>
    public IReadOnlyList<IPNetwork>? AllowedClients { get; init; }

    /// <summary>How long an idle TCP connection may wait for its next query.</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
