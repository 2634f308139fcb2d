using System.Text.Json.Serialization;

namespace Cais.Containers.Security;

/// <summary>
/// When a rule applies (includes: all must hold) or does not (excludes: any one holds): Go-style architecture names
/// (amd64, arm64, ...), capabilities in the container's bounding set, and a minimum kernel version ("4.8").
/// </summary>
public sealed record SeccompCondition
{
    [JsonPropertyName("arches")] public IReadOnlyList<string>? Arches { get; init; }

    [JsonPropertyName("caps")] public IReadOnlyList<string>? Caps { get; init; }

    [JsonPropertyName("minKernel")] public string? MinKernel { get; init; }
}
