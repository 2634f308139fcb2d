namespace Cais.Api;

/// <summary>A container's endpoint on one network, in Docker 28's order (API 1.44+: MacAddress with the configuration, DNSNames last).</summary>
public sealed record EndpointSettings
{
    public EndpointIpamConfig? IPAMConfig { get; init; }

    public IReadOnlyList<string>? Links { get; init; }

    /// <summary>The aliases the user asked for (API 1.44+: the short ID is in DNSNames, not here).</summary>
    public IReadOnlyList<string>? Aliases { get; init; }

    public string MacAddress { get; init; } = "";

    public IReadOnlyDictionary<string, string>? DriverOpts { get; init; }

    public int GwPriority { get; init; }

    public string NetworkID { get; init; } = "";

    public string EndpointID { get; init; } = "";

    public string Gateway { get; init; } = "";

    public string IPAddress { get; init; } = "";

    public int IPPrefixLen { get; init; }

    public string IPv6Gateway { get; init; } = "";

    public string GlobalIPv6Address { get; init; } = "";

    public int GlobalIPv6PrefixLen { get; init; }

    /// <summary>The names the embedded resolver answers for this container (user-defined networks only).</summary>
    public IReadOnlyList<string>? DNSNames { get; init; }
}
