namespace Cais.Metadata;

/// <summary>A running container's attachment to one network, as inspect shows it under NetworkSettings.Networks.</summary>
public sealed record NetworkEndpointRecord
{
    public required string NetworkId { get; init; }

    public required string NetworkName { get; init; }

    public string InterfaceName { get; init; } = "eth0";

    public required string IPAddress { get; init; }

    public int PrefixLength { get; init; }

    public string Gateway { get; init; } = "";

    public string MacAddress { get; init; } = "";

    public IReadOnlyList<string> Aliases { get; init; } = [];
}
