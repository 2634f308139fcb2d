using Cais.Network.Ports;

namespace Cais.Network.Sandbox;

/// <summary>What the owner recorded about a sandbox, for <see cref="INetworkSandboxes.TearDownAsync"/>.</summary>
public sealed record SandboxTeardown
{
    public required string SandboxId { get; init; }

    /// <summary>The recorded namespace path; null means <see cref="INetworkSandboxes.NamespacePath"/>.</summary>
    public string? NamespacePath { get; init; }

    /// <summary>Endpoints recorded as attached.</summary>
    public IReadOnlyList<SandboxEndpointRef> Endpoints { get; init; } = [];

    /// <summary>
    /// The networks (names) the sandbox asked for, in order: an ADD may have reached one before a failure or crash let
    /// the owner record it; it is released on the interface it would have had.
    /// </summary>
    public IReadOnlyList<string> RequestedNetworks { get; init; } = [];

    /// <summary>The published ports recorded with their host ports.</summary>
    public IReadOnlyList<PortBinding> PublishedPorts { get; init; } = [];
}
