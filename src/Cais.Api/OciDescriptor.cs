using System.Text.Json.Serialization;

namespace Cais.Api;

/// <summary>The OCI descriptor of an image's manifest (OCI's lower-case field names).</summary>
public sealed record OciDescriptor
{
    [JsonPropertyName("mediaType")]
    public string MediaType { get; init; } = "";

    [JsonPropertyName("digest")]
    public string Digest { get; init; } = "";
}
