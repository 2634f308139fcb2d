namespace Cais.Network;

/// <summary>Where a container using a network sits on it while attached: what network inspect shows per container.</summary>
public sealed record NetworkUserAddress(string IPAddress, int PrefixLength, string MacAddress);
