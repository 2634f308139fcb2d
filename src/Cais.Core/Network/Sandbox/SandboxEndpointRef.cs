namespace Cais.Network.Sandbox;

/// <summary>An endpoint a sandbox was recorded to have: which network, on which interface.</summary>
public sealed record SandboxEndpointRef(string NetworkId, string InterfaceName);
