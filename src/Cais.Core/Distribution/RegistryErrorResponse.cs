using System.Text.Json.Serialization;

namespace Cais.Distribution;

/// <summary>The distribution spec's error body: {"errors":[{"code":"...","message":"..."}]}.</summary>
public sealed record RegistryErrorResponse
{
    [JsonPropertyName("errors")]
    public IReadOnlyList<RegistryError>? Errors { get; init; }

    // Docker Hub's token server answers failures with {"details":"..."} instead of the errors list.
    [JsonPropertyName("details")]
    public string? Details { get; init; }
}
