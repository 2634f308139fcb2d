using Cais.Metadata;

namespace Cais.Network.Dns;

/// <summary>Which networks the resident resolver serves, and whether it is needed at all.</summary>
public static class ResolverUsage
{
    /// <summary>The networks with an embedded resolver: every network but the default "bridge" (as in Docker).</summary>
    public static IReadOnlyList<NetworkRecord> ServedNetworks(NetworkRepository networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        return networks.List().Where(n => n.Name != NetworkRecord.DefaultName).ToList();
    }

    /// <summary>
    /// True when some container is attached to a served network. Attached, not only "running": the engine asks the
    /// resolver to sync right after attaching, while the record still says "created", and the resolver must be
    /// listening before the container's process starts. Exited and dead containers are not attached any more even if
    /// a failed cleanup left endpoints in their record.
    /// </summary>
    public static bool InUse(IReadOnlyList<NetworkRecord> served, ContainerRepository containers)
    {
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(containers);
        if (served.Count == 0)
        {
            return false;
        }

        var ids = served.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        return containers.List().Any(c =>
            !c.State.Status.HasEnded() && c.State.Endpoints.Any(e => ids.Contains(e.NetworkId)));
    }
}
