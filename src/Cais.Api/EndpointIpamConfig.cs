namespace Cais.Api;

/// <summary>The address asked for on a network (<c>--ip</c>).</summary>
public sealed record EndpointIpamConfig
{
    public string? IPv4Address { get; init; }
}
