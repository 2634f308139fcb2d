using Cais.Api;
using Cais.Common;
using Cais.Network.Views;

namespace Cais.Network;

/// <summary>The network service's Docker-shaped front door: inspect, list, remove and prune, asking who uses a network itself.</summary>
public sealed partial class NetworkService
{
    /// <summary>Docker's network document; "bridge" is created on first use, host and none are predefined.</summary>
    public async Task<NetworkResource> InspectAsync(string idOrName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrName);
        if (idOrName == NetworkRecord.DefaultName)
        {
            await EnsureDefaultBridgeAsync(cancellationToken).ConfigureAwait(false);
        }

        if (PredefinedNetworks.IsMode(idOrName))
        {
            return NetworkResources.Predefined(idOrName, UsersInMode(idOrName));
        }

        var network = Inspect(idOrName);
        return NetworkResources.Build(network, UsersOn(network));
    }

    /// <summary>Docker's network list, sorted by name, the predefined networks included; unknown filters are refused in Docker's words.</summary>
    public async Task<IReadOnlyList<NetworkResource>> ListAsync(FilterArgs filters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filters);
        // Docker always lists its predefined networks; cais creates "bridge" on first use, so a list is such a use.
        await EnsureDefaultBridgeAsync(cancellationToken).ConfigureAwait(false);
        NetworkFilters.Validate(filters);
        var listed = new List<NetworkResource>();
        foreach (var mode in PredefinedNetworks.Modes)
        {
            var users = UsersInMode(mode);
            var resource = NetworkResources.Predefined(mode, users);
            if (NetworkFilters.Matches(filters, resource, builtin: true, used: users.Count > 0))
            {
                listed.Add(resource);
            }
        }

        foreach (var network in List())
        {
            var users = UsersOn(network);
            var resource = NetworkResources.Build(network, users);
            if (NetworkFilters.Matches(filters, resource, builtin: network.Name == NetworkRecord.DefaultName, used: users.Count > 0))
            {
                listed.Add(resource);
            }
        }

        return [.. listed.OrderBy(r => r.Name, StringComparer.Ordinal)];
    }

    /// <summary>Removes a user-defined network no container uses; predefined networks are refused in Docker's words.</summary>
    public Task RemoveAsync(string idOrName, CancellationToken cancellationToken) =>
        RemoveAsync(idOrName, ContainerIdsOn, cancellationToken);

    /// <summary>Docker's network prune: every user-defined network no container uses that the filters select; bad filters are refused before anything is removed.</summary>
    public async Task<NetworkPruneReport> PruneAsync(FilterArgs filters, CancellationToken cancellationToken)
    {
        var filter = new NetworkPruneFilter(filters, DateTimeOffset.UtcNow);
        return new() { NetworksDeleted = await PruneAsync(ContainerIdsOn, filter.Matches, cancellationToken).ConfigureAwait(false) };
    }

    private IReadOnlyList<NetworkUser> UsersOn(NetworkRecord network) => _options.Users?.On(network) ?? [];

    private IReadOnlyList<NetworkUser> UsersInMode(string mode) => _options.Users?.InMode(mode) ?? [];

    /// <summary>Asked by the removal under the network's lock.</summary>
    private List<string> ContainerIdsOn(NetworkRecord network) => [.. UsersOn(network).Select(u => u.ContainerId)];
}
