using Cais.Api;

namespace Cais.Network;

/// <summary>
/// The networks front door: what the CLI and the API service do with networks. Implemented once, by
/// <see cref="NetworkService"/>; attaching containers is the container service's business.
/// </summary>
public interface INetworkService
{
    Task<NetworkRecord> CreateAsync(NetworkCreateRequest request, CancellationToken cancellationToken);

    IReadOnlyList<NetworkRecord> List();

    NetworkRecord Inspect(string idOrName);

    /// <summary>Brings up the predefined "bridge" network (cais0) if it is not up, and returns its record.</summary>
    Task<NetworkRecord> EnsureDefaultBridgeAsync(CancellationToken cancellationToken);

    /// <summary>Removes a user-defined network no container uses; Conflict while one does, PermissionDenied for predefined ones.</summary>
    Task RemoveAsync(string idOrName, CancellationToken cancellationToken);

    /// <summary>Removes every user-defined network no container uses.</summary>
    Task<NetworkPruneReport> PruneAsync(FilterArgs filters, CancellationToken cancellationToken);

    /// <summary>Docker's network document, or NotFound ("network x not found").</summary>
    Task<NetworkResource> InspectAsync(string idOrName, CancellationToken cancellationToken);

    /// <summary>Docker's network list (predefined networks included), sorted by name; unknown filters are refused.</summary>
    Task<IReadOnlyList<NetworkResource>> ListAsync(FilterArgs filters, CancellationToken cancellationToken);
}
