using System.Text.Json.Serialization;

namespace Cais.Runtime;

/// <summary>Source-generated JSON for what conmon and runc print to us.</summary>
[JsonSerializable(typeof(ConmonSyncMessage))]
[JsonSerializable(typeof(RuncStateDocument))]
[JsonSerializable(typeof(RuncLogEntry))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;

/// <summary>conmon --api-version 1 sync pipe line: {"data": pid-or-exit-code, "message": "runtime stderr"}.</summary>
internal sealed record ConmonSyncMessage
{
    [JsonPropertyName("data")] public int Data { get; init; }

    [JsonPropertyName("message")] public string? Message { get; init; }
}

internal sealed record RuncStateDocument
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";

    [JsonPropertyName("pid")] public int Pid { get; init; }

    [JsonPropertyName("status")] public string Status { get; init; } = "";

    [JsonPropertyName("bundle")] public string? Bundle { get; init; }
}

/// <summary>One line of runc --log-format json.</summary>
internal sealed record RuncLogEntry
{
    [JsonPropertyName("level")] public string? Level { get; init; }

    [JsonPropertyName("msg")] public string? Msg { get; init; }
}
