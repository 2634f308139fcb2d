using System.Text.Json.Serialization;

namespace Cais.Network;

/// <summary>An address assigned by a plugin: CIDR form plus an optional gateway; <see cref="Interface"/> indexes the interfaces list.</summary>
public sealed record CniIpConfig
{
    [JsonPropertyName("address")]
    public string Address { get; init; } = "";

    [JsonPropertyName("gateway")]
    public string? Gateway { get; init; }

    [JsonPropertyName("interface")]
    public int? Interface { get; init; }
}
