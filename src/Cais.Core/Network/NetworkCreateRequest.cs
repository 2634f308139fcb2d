namespace Cais.Network;

/// <summary>Parameters of `network create`. Null subnet picks a free one from the default pools; null gateway takes its first host.</summary>
public sealed record NetworkCreateRequest
{
    public required string Name { get; init; }

    public string? Subnet { get; init; }

    public string? Gateway { get; init; }

    public bool Internal { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Overrides the bridge device name (the default network's "cais0"; tests use unique names).</summary>
    public string? BridgeName { get; init; }
}
