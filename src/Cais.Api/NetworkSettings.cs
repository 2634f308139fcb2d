namespace Cais.Api;

/// <summary>
/// A container's NetworkSettings: the top-level address fields describe the default bridge (empty on other networks,
/// as in Docker); Networks has one entry per network.
/// </summary>
public sealed record NetworkSettings
{
    public string Bridge { get; init; } = "";

    public string SandboxID { get; init; } = "";

    public string SandboxKey { get; init; } = "";

    public PortMap? Ports { get; init; }

    public string Gateway { get; init; } = "";

    public string IPAddress { get; init; } = "";

    public int IPPrefixLen { get; init; }

    public string MacAddress { get; init; } = "";

    public IReadOnlyDictionary<string, EndpointSettings>? Networks { get; init; }
}
