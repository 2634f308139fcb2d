using System.Net;

namespace Cais.Network.Dns;

/// <summary>
/// Where the resolver finds the containers attached to a network. Implementations match case-insensitively, accept
/// the name with or without a trailing dot, and match a container's name, any of its network aliases, or its
/// 12-character short ID; nothing else (no "name.network" forms).
/// </summary>
public interface IDnsRecordSource
{
    /// <summary>The addresses <paramref name="name"/> has on network <paramref name="networkId"/>; empty when unknown.</summary>
    IReadOnlyList<IPAddress> Lookup(string networkId, string name);

    /// <summary>
    /// The nameservers to forward <paramref name="client"/>'s external queries to (a container's own <c>--dns</c>
    /// servers), or null for the server's default upstreams. Sources that know nothing per client keep the default.
    /// </summary>
    IReadOnlyList<IPEndPoint>? UpstreamsFor(string networkId, IPAddress client) => null;

    /// <summary>
    /// What <paramref name="client"/> (asking on network <paramref name="networkId"/>) resolves <paramref name="name"/>
    /// to: the name on this network first, then on the other user-defined networks the asking container is on, as
    /// Docker's resolver does. Sources that know nothing per client answer for this network only.
    /// </summary>
    IReadOnlyList<IPAddress> LookupFor(string networkId, IPAddress? client, string name) => Lookup(networkId, name);
}
