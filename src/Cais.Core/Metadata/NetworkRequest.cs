namespace Cais.Metadata;

/// <summary>A network a container asks to join, with what it asks for there (Docker's EndpointSettings input).</summary>
public sealed record NetworkRequest
{
    /// <summary>The network's name as stored (resolved from a name or ID prefix when the request was made).</summary>
    public required string Network { get; init; }

    /// <summary>--ip: the address asked for on that network.</summary>
    public string? IpAddress { get; init; }

    /// <summary>--alias / --network-alias names.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}
