using System.Text.Json.Serialization;

namespace Cais.Events;

/// <summary>The object an event is about: its full ID and Docker's attributes (name, image, exitCode, container, ...).</summary>
public sealed record EventActor
{
    [JsonPropertyName("ID")]
    public required string Id { get; init; }

    [JsonPropertyName("Attributes")]
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
}
