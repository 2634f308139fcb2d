using System.Text.Json.Serialization;

namespace Cais.Api;

/// <summary>One part of the engine in GET /version (the engine itself, the OCI runtime, the monitor).</summary>
public sealed record ComponentVersion
{
    public string Name { get; init; } = "";

    public string Version { get; init; } = "";

    /// <summary>Free-form facts, sorted by key as Go's encoder writes a map.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Details { get; init; }
}
