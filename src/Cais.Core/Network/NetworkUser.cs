namespace Cais.Network;

/// <summary>A container using a network, with its endpoint there while it is attached (null otherwise).</summary>
public sealed record NetworkUser(string ContainerId, string ContainerName, NetworkUserAddress? Endpoint);
