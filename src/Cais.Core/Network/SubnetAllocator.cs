using Cais.Common;

namespace Cais.Network;

/// <summary>
/// Picks a subnet for a new network from Docker's default pools: 172.17.0.0/16 to 172.31.0.0/16, then
/// 192.168.0.0/20 in /20 steps. A candidate must overlap neither an existing network nor a host route, so a
/// bridge never hides a LAN or VPN the host already reaches. Default routes (0.0.0.0/0) are ignored: they overlap everything.
/// </summary>
public static class SubnetAllocator
{
    public static IEnumerable<Ipv4Cidr> Candidates()
    {
        for (uint second = 17; second <= 31; second++)
        {
            yield return new Ipv4Cidr((172u << 24) | (second << 16), 16);
        }

        for (uint third = 0; third < 256; third += 16)
        {
            yield return new Ipv4Cidr((192u << 24) | (168u << 16) | (third << 8), 20);
        }
    }

    public static Ipv4Cidr Choose(IEnumerable<Ipv4Cidr> existingNetworks, IEnumerable<HostRoute> hostRoutes)
    {
        ArgumentNullException.ThrowIfNull(existingNetworks);
        ArgumentNullException.ThrowIfNull(hostRoutes);
        var taken = existingNetworks.Concat(hostRoutes.Where(r => r.Destination.PrefixLength > 0).Select(r => r.Destination)).ToList();
        foreach (var candidate in Candidates())
        {
            if (!taken.Any(t => t.Overlaps(candidate)))
            {
                return candidate;
            }
        }

        throw new EngineException(ErrorKind.Unavailable,
            "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network");
    }

    /// <summary>The existing network a requested subnet would collide with, or null.</summary>
    public static Ipv4Cidr? FirstOverlap(Ipv4Cidr requested, IEnumerable<Ipv4Cidr> existingNetworks)
    {
        ArgumentNullException.ThrowIfNull(existingNetworks);
        foreach (var existing in existingNetworks)
        {
            if (existing.Overlaps(requested))
            {
                return existing;
            }
        }

        return null;
    }
}
