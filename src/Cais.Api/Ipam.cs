namespace Cais.Api;

/// <summary>A network's address management: the driver and the subnets it hands addresses from.</summary>
public sealed record Ipam
{
    public string Driver { get; init; } = "";

    public IReadOnlyDictionary<string, string>? Options { get; init; }

    public IReadOnlyList<IpamConfig>? Config { get; init; }
}
