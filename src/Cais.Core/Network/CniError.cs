using System.Text.Json.Serialization;

namespace Cais.Network;

/// <summary>A plugin's error output (CNI spec "Error" section): a numeric code, a short message and optional details.</summary>
public sealed record CniError
{
    [JsonPropertyName("cniVersion")]
    public string? CniVersion { get; init; }

    [JsonPropertyName("code")]
    public int Code { get; init; }

    [JsonPropertyName("msg")]
    public string Msg { get; init; } = "";

    [JsonPropertyName("details")]
    public string? Details { get; init; }
}
