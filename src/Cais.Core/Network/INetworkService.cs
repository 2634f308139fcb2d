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

    Task RemoveAsync(string idOrName, Func<NetworkRecord, IReadOnlyCollection<string>> containersUsing, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> PruneAsync(Func<NetworkRecord, IReadOnlyCollection<string>> containersUsing, CancellationToken cancellationToken);
}
