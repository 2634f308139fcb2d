using System.Text.Json.Serialization;

namespace Cais.Network;

/// <summary>A plugin's success result (CNI spec 1.0.0 "Success" section).</summary>
public sealed record CniResult
{
    [JsonPropertyName("cniVersion")]
    public string? CniVersion { get; init; }

    [JsonPropertyName("interfaces")]
    public IReadOnlyList<CniInterface> Interfaces { get; init; } = [];

    [JsonPropertyName("ips")]
    public IReadOnlyList<CniIpConfig> Ips { get; init; } = [];

    [JsonPropertyName("routes")]
    public IReadOnlyList<CniRoute> Routes { get; init; } = [];

    [JsonPropertyName("dns")]
    public CniDns? Dns { get; init; }
}
