using System.Text.Json.Serialization;

namespace Cais.Distribution;

/// <summary>One entry of a registry error body.</summary>
public sealed record RegistryError
{
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>Docker's rendering: the code lower-cased with '_' as spaces, then the message ("manifest unknown: manifest unknown").</summary>
    public override string ToString()
    {
        var code = string.IsNullOrEmpty(Code) ? "unknown" : Code.Replace('_', ' ').ToLowerInvariant();
        return string.IsNullOrEmpty(Message) ? code : $"{code}: {Message}";
    }
}
