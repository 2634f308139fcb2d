namespace Cais.Api;

/// <summary>POST /networks/prune's report: the names of the networks removed.</summary>
public sealed record NetworkPruneReport
{
    public IReadOnlyList<string>? NetworksDeleted { get; init; }
}
