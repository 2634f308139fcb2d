namespace Cais.Network;

/// <summary>What attaching a container to a network produced: what inspect shows under NetworkSettings.Networks.</summary>
public sealed record NetworkAttachment
{
    public required string NetworkId { get; init; }

    public required string NetworkName { get; init; }

    /// <summary>Interface name inside the container (eth0).</summary>
    public required string InterfaceName { get; init; }

    /// <summary>The container's IPv4 address without prefix.</summary>
    public required string IPAddress { get; init; }

    public required int PrefixLength { get; init; }

    public required string Gateway { get; init; }

    public string MacAddress { get; init; } = "";

    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>
    /// The nameserver the network offers its containers: the embedded resolver on the gateway for user-defined networks,
    /// null on the default bridge (which resolves no names, as in Docker).
    /// </summary>
    public string? Nameserver { get; init; }
}
