using System.Text.Json.Serialization;

namespace Cais.Network;

/// <summary>An interface a plugin created; <see cref="Sandbox"/> is the netns path for interfaces inside the container.</summary>
public sealed record CniInterface
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("mac")]
    public string? Mac { get; init; }

    [JsonPropertyName("sandbox")]
    public string? Sandbox { get; init; }
}
