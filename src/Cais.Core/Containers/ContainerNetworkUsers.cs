using Cais.Metadata;
using Cais.Network;

namespace Cais.Containers;

/// <summary>The containers module's answer to who uses a network, from the container records.</summary>
public sealed class ContainerNetworkUsers(ContainerRepository containers) : INetworkUsers
{
    public IReadOnlyList<NetworkUser> On(NetworkRecord network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return [.. containers.List().Where(c => IsOn(c, network))
            .Select(c => new NetworkUser(c.Id, c.Name, AddressOn(c, network)))];
    }

    public IReadOnlyList<NetworkUser> InMode(string networkMode) =>
        [.. containers.List().Where(c => c.Settings.NetworkMode == networkMode).Select(c => new NetworkUser(c.Id, c.Name, null))];

    /// <summary>Configured on the network, or attached to it (an endpoint outlives a disconnect being recorded).</summary>
    internal static bool IsOn(ContainerRecord c, NetworkRecord network) =>
        c.Settings.Networks.Any(n => n.Network == network.Name) || c.State.Endpoints.Any(e => e.NetworkId == network.Id);

    private static NetworkUserAddress? AddressOn(ContainerRecord container, NetworkRecord network) =>
        container.State.Endpoints.LastOrDefault(e => e.NetworkId == network.Id) is { } e ? new NetworkUserAddress(e.IPAddress, e.PrefixLength, e.MacAddress) : null;
}
