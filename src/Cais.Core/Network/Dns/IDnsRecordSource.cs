using System.Net;

namespace Cais.Network.Dns;

/// <summary>
/// Where the resolver finds the containers attached to a network. Implementations match names by
/// <see cref="DnsNames"/> (name, alias or short ID, case-insensitive, trailing dot optional) and by nothing else.
/// Called on every query and from several threads: answer from current state, without caching across calls.
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

    /// <summary>
    /// Whether some container that is not exited or dead has an endpoint on one of these networks: while one has,
    /// the resident resolver is needed. Sources that cannot tell answer true, which keeps the resolver up.
    /// </summary>
    bool HasEndpoints(IReadOnlyCollection<string> networkIds) => true;
}
