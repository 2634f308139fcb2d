namespace Cais.Api;

/// <summary>One subnet of a network.</summary>
public sealed record IpamConfig
{
    public string Subnet { get; init; } = "";

    public string Gateway { get; init; } = "";
}
