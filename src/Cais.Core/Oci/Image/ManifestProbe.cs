using System.Text.Json.Serialization;

namespace Cais.Oci.Image;

/// <summary>
/// Just the discriminating fields of a manifest document, read before deciding how to parse it.
/// A document that carries both "manifests" and "layers" is ambiguous and refused (CVE-2021-41190).
/// </summary>
public sealed record ManifestProbe
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; }

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("manifests")]
    public IReadOnlyList<Descriptor>? Manifests { get; init; }

    [JsonPropertyName("layers")]
    public IReadOnlyList<Descriptor>? Layers { get; init; }

    [JsonPropertyName("config")]
    public Descriptor? Config { get; init; }
}
