namespace Cais.Api;

/// <summary>
/// A container inspect document's NetworkSettings, in Docker 28's order: the sandbox, the published ports, the fields
/// Docker keeps for compatibility (never set), the default bridge's address, then one endpoint per network.
/// </summary>
public sealed record NetworkSettings
{
    public string Bridge { get; init; } = "";

    public string SandboxID { get; init; } = "";

    public string SandboxKey { get; init; } = "";

    public PortMap? Ports { get; init; }

    public bool HairpinMode { get; init; }

    public string LinkLocalIPv6Address { get; init; } = "";

    public int LinkLocalIPv6PrefixLen { get; init; }

    public IReadOnlyList<Address>? SecondaryIPAddresses { get; init; }

    public IReadOnlyList<Address>? SecondaryIPv6Addresses { get; init; }

    public string EndpointID { get; init; } = "";

    public string Gateway { get; init; } = "";

    public string GlobalIPv6Address { get; init; } = "";

    public int GlobalIPv6PrefixLen { get; init; }

    public string IPAddress { get; init; } = "";

    public int IPPrefixLen { get; init; }

    public string IPv6Gateway { get; init; } = "";

    public string MacAddress { get; init; } = "";

    public IReadOnlyDictionary<string, EndpointSettings>? Networks { get; init; }
}
