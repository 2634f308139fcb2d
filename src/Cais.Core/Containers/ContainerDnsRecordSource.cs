using System.Net;
using Cais.Containers.State;
using Cais.Metadata;
using Cais.Network;
using Cais.Network.Dns;

namespace Cais.Containers;

/// <summary>
/// Answers from the container records in the metadata database, read afresh on every query: any cais process may
/// start a container at any moment, and its name must resolve as soon as its record says it runs. Reading is a
/// pooled SQLite connection in WAL mode, which writers do not block. It lives with the containers (the network module
/// reads no container records) and is handed to the resolver by the composition root.
/// </summary>
public sealed class ContainerDnsRecordSource(ContainerRepository containers) : IDnsRecordSource
{
    public IReadOnlyList<IPAddress> Lookup(string networkId, string name)
    {
        ArgumentNullException.ThrowIfNull(networkId);
        ArgumentNullException.ThrowIfNull(name);
        var wanted = DnsNames.Normalize(name);
        var found = new List<IPAddress>();
        foreach (var (container, endpoint) in LiveEndpoints(networkId))
        {
            if (DnsNames.Matches(wanted, container.Id, container.Name, endpoint.Aliases) && IPAddress.TryParse(endpoint.IPAddress, out var address) && !found.Contains(address))
            {
                found.Add(address);
            }
        }

        return found;
    }

    /// <summary>
    /// This network's answer, else the answer on the asking container's other networks (their endpoints are in its
    /// record; the default bridge among them resolves no names, so it is skipped).
    /// </summary>
    public IReadOnlyList<IPAddress> LookupFor(string networkId, IPAddress? client, string name)
    {
        var own = Lookup(networkId, name);
        if (own.Count > 0 || client is null)
        {
            return own;
        }

        var asking = LiveEndpoints(networkId).FirstOrDefault(e => IPAddress.TryParse(e.Endpoint.IPAddress, out var a) && a.Equals(client)).Container;
        if (asking is null)
        {
            return own;
        }

        foreach (var other in asking.State.Endpoints.Where(e => e.NetworkId != networkId && e.NetworkName != NetworkRecord.DefaultName))
        {
            var found = Lookup(other.NetworkId, name);
            if (found.Count > 0)
            {
                return found;
            }
        }

        return own;
    }

    /// <summary>
    /// The <c>--dns</c> servers of the container that has <paramref name="client"/> on this network, on port 53, or
    /// null when it gave none. Loopback servers are left out: the resolver runs in the host's namespace, where
    /// 127.0.0.1 is the host, not the container that asked for it.
    /// </summary>
    public IReadOnlyList<IPEndPoint>? UpstreamsFor(string networkId, IPAddress client)
    {
        ArgumentNullException.ThrowIfNull(networkId);
        ArgumentNullException.ThrowIfNull(client);
        foreach (var (container, endpoint) in LiveEndpoints(networkId))
        {
            if (!IPAddress.TryParse(endpoint.IPAddress, out var address) || !address.Equals(client))
            {
                continue;
            }

            var servers = new List<IPEndPoint>();
            foreach (var text in container.Settings.Dns)
            {
                if (IPAddress.TryParse(text, out var server) && !IPAddress.IsLoopback(server) && !servers.Any(s => s.Address.Equals(server)))
                {
                    servers.Add(new IPEndPoint(server, ResolverConfig.DnsPort));
                }
            }

            return servers.Count > 0 ? servers : null;
        }

        return null;
    }

    /// <summary>
    /// True when some container is attached to one of the networks. Attached, not only "running": the engine asks the
    /// resolver to sync right after attaching, while the record still says "created", and the resolver must be
    /// listening before the container's process starts. Exited and dead containers are not attached any more even if
    /// a failed cleanup left endpoints in their record.
    /// </summary>
    public bool HasEndpoints(IReadOnlyCollection<string> networkIds)
    {
        ArgumentNullException.ThrowIfNull(networkIds);
        return containers.List().Any(c =>
            !c.State.Status.HasEnded() && c.State.Endpoints.Any(e => networkIds.Contains(e.NetworkId)));
    }

    /// <summary>
    /// Endpoints on one network of containers that are running, paused (still on the network, as in Docker) or being
    /// started: the record says running only once `runc start` succeeded, and a container's first query may come
    /// before that; while a start is under way the record already has the container's pid and its live monitor.
    /// </summary>
    private IEnumerable<(ContainerRecord Container, NetworkEndpointRecord Endpoint)> LiveEndpoints(string networkId)
    {
        foreach (var container in containers.List())
        {
            if (!container.State.Status.IsUp() && !ContainerLiveness.StartUnderWay(container.State))
            {
                continue;
            }

            foreach (var endpoint in container.State.Endpoints)
            {
                if (endpoint.NetworkId == networkId)
                {
                    yield return (container, endpoint);
                }
            }
        }
    }
}
