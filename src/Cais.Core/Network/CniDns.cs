using System.Text.Json.Serialization;

namespace Cais.Network;

public sealed record CniDns
{
    [JsonPropertyName("nameservers")]
    public IReadOnlyList<string>? Nameservers { get; init; }

    [JsonPropertyName("domain")]
    public string? Domain { get; init; }

    [JsonPropertyName("search")]
    public IReadOnlyList<string>? Search { get; init; }

    [JsonPropertyName("options")]
    public IReadOnlyList<string>? Options { get; init; }
}
