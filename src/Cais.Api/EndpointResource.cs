namespace Cais.Api;

/// <summary>A container's endpoint as a network's inspect lists it.</summary>
public sealed record EndpointResource
{
    public string Name { get; init; } = "";

    public string EndpointID { get; init; } = "";

    public string MacAddress { get; init; } = "";

    /// <summary>Address with prefix length: "10.88.0.2/16".</summary>
    public string IPv4Address { get; init; } = "";

    public string IPv6Address { get; init; } = "";
}
