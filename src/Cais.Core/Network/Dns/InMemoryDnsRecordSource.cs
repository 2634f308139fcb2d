using System.Net;

namespace Cais.Network.Dns;

/// <summary>A thread-safe record source held in memory: for tests, and for a resolver process fed by its owner.</summary>
public sealed class InMemoryDnsRecordSource : IDnsRecordSource
{
    private readonly Lock _lock = new();
    private readonly List<Entry> _entries = [];

    /// <summary>Adds (or replaces) a container's endpoint on a network.</summary>
    public void Add(string networkId, string containerId, string containerName, IEnumerable<string> aliases, IEnumerable<IPAddress> addresses)
    {
        ArgumentException.ThrowIfNullOrEmpty(networkId);
        ArgumentException.ThrowIfNullOrEmpty(containerId);
        ArgumentNullException.ThrowIfNull(containerName);
        ArgumentNullException.ThrowIfNull(aliases);
        ArgumentNullException.ThrowIfNull(addresses);
        var entry = new Entry(networkId, containerId, containerName, [.. aliases], [.. addresses]);
        lock (_lock)
        {
            _entries.RemoveAll(e => e.NetworkId == networkId && e.ContainerId == containerId);
            _entries.Add(entry);
        }
    }

    /// <summary>Removes a container's endpoint; returns whether it was there.</summary>
    public bool Remove(string networkId, string containerId)
    {
        lock (_lock)
        {
            return _entries.RemoveAll(e => e.NetworkId == networkId && e.ContainerId == containerId) > 0;
        }
    }

    public IReadOnlyList<IPAddress> Lookup(string networkId, string name)
    {
        ArgumentNullException.ThrowIfNull(networkId);
        ArgumentNullException.ThrowIfNull(name);
        var wanted = DnsNames.Normalize(name);
        var found = new List<IPAddress>();
        lock (_lock)
        {
            foreach (var entry in _entries)
            {
                if (entry.NetworkId == networkId && entry.Matches(wanted))
                {
                    found.AddRange(entry.Addresses.Where(a => !found.Contains(a)));
                }
            }
        }

        return found;
    }

    public bool HasEndpoints(IReadOnlyCollection<string> networkIds)
    {
        ArgumentNullException.ThrowIfNull(networkIds);
        lock (_lock)
        {
            return _entries.Any(e => networkIds.Contains(e.NetworkId));
        }
    }

    private sealed record Entry(string NetworkId, string ContainerId, string ContainerName, string[] Aliases, IPAddress[] Addresses)
    {
        public bool Matches(string name) => DnsNames.Matches(name, ContainerId, ContainerName, Aliases);
    }
}
