namespace Cais.Network.Dns;

/// <summary>Which networks the resident resolver serves, and whether it is needed at all.</summary>
public static class ResolverUsage
{
    /// <summary>The networks with an embedded resolver: every network but the default "bridge" (as in Docker).</summary>
    public static IReadOnlyList<NetworkRecord> ServedNetworks(NetworkRepository networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        return networks.List().Where(Serves).ToList();
    }

    /// <summary>Whether the network has an embedded resolver: every network but the default "bridge" (as in Docker).</summary>
    public static bool Serves(NetworkRecord network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.Name != NetworkRecord.DefaultName;
    }

    /// <summary>The embedded resolver's address on a network (its gateway), or null when it has none.</summary>
    public static string? NameserverOf(NetworkRecord network) => Serves(network) ? network.Gateway : null;

    /// <summary>True when some container is attached to a served network (see <see cref="IDnsRecordSource.HasEndpoints"/>).</summary>
    public static bool InUse(IReadOnlyList<NetworkRecord> served, IDnsRecordSource records)
    {
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(records);
        return served.Count > 0 && records.HasEndpoints(served.Select(n => n.Id).ToHashSet(StringComparer.Ordinal));
    }
}
