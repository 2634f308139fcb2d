namespace Cais.Network;

/// <summary>Parameters of `network create`. Null subnet picks a free one from the default pools; null gateway takes its first host.</summary>
public sealed record NetworkCreateRequest
{
    public required string Name { get; init; }

    /// <summary>The network driver; only "bridge" exists (Docker's error names any other as a missing plugin).</summary>
    public string Driver { get; init; } = "bridge";

    public string? Subnet { get; init; }

    public string? Gateway { get; init; }

    public bool Internal { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Overrides the bridge device name (the default network's "cais0"; tests use unique names).</summary>
    public string? BridgeName { get; init; }
}
