namespace Cais.Api;

/// <summary>An IP address with its prefix length (NetworkSettings.SecondaryIPAddresses entries).</summary>
public sealed record Address
{
    public string Addr { get; init; } = "";

    public int PrefixLen { get; init; }
}
