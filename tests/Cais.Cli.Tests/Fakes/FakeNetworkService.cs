using Cais.Network;

namespace Cais.Cli.Tests.Fakes;

/// <summary>Records network operations; a created network gets a fixed ID.</summary>
internal sealed class FakeNetworkService(CallLog log) : INetworkService
{
    public const string CreatedId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public NetworkCreateRequest? Created { get; private set; }

    public Task<NetworkRecord> CreateAsync(NetworkCreateRequest request, CancellationToken cancellationToken)
    {
        Created = request;
        log.Record(request.Name, $"CreateAsync({request.Name})");
        return Task.FromResult(Records.Network(CreatedId, request.Name));
    }

    /// <summary>What <see cref="List"/> answers.</summary>
    public List<NetworkRecord> Listed { get; } = [];

    public IReadOnlyList<NetworkRecord> List() => Listed;

    public NetworkRecord Inspect(string idOrName) => throw new NotSupportedException();

    public Task<NetworkRecord> EnsureDefaultBridgeAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RemoveAsync(string idOrName, CancellationToken cancellationToken)
    {
        log.Record(idOrName, $"RemoveNetwork({idOrName})");
        return Task.CompletedTask;
    }

    public Task<Cais.Api.NetworkPruneReport> PruneAsync(Cais.Api.FilterArgs filters, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Cais.Api.NetworkResource> InspectAsync(string idOrName, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<Cais.Api.NetworkResource>> ListAsync(Cais.Api.FilterArgs filters, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
