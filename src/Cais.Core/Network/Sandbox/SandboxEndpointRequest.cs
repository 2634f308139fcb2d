namespace Cais.Network.Sandbox;

/// <summary>An endpoint a sandbox asks for on one network.</summary>
public sealed record SandboxEndpointRequest
{
    public required NetworkRecord Network { get; init; }

    /// <summary>A fixed IPv4 address inside the network's subnet (--ip), or null for the next free one.</summary>
    public string? IpAddress { get; init; }

    /// <summary>Names the endpoint also answers to in the network's DNS.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}
