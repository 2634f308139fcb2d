using System.Text.Json.Serialization;

namespace Cais.Containers.Security;

/// <summary>An archMap entry: the architectures a profile adds when the host's native one is <see cref="Architecture"/>.</summary>
public sealed record SeccompArchitecture
{
    [JsonPropertyName("architecture")] public string Architecture { get; init; } = "";

    [JsonPropertyName("subArchitectures")] public IReadOnlyList<string>? SubArchitectures { get; init; }
}
