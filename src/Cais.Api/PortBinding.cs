namespace Cais.Api;

/// <summary>One host side of a port: strings, HostIp "0.0.0.0"/"::" for every address, HostPort as decimal text.</summary>
public sealed record PortBinding
{
    public string HostIp { get; init; } = "";

    public string HostPort { get; init; } = "";
}
