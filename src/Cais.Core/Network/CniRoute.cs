using System.Text.Json.Serialization;

namespace Cais.Network;

public sealed record CniRoute
{
    [JsonPropertyName("dst")]
    public string Dst { get; init; } = "";

    [JsonPropertyName("gw")]
    public string? Gw { get; init; }
}
