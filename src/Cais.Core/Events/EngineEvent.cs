using System.Text.Json.Serialization;

namespace Cais.Events;

/// <summary>
/// One state change, with the fields and JSON names of Docker's events API (/events, `docker events`): what kind of
/// object changed (<see cref="Type"/>), how (<see cref="Action"/>), which one (<see cref="Actor"/>), and when.
/// </summary>
public sealed record EngineEvent
{
    /// <summary>One of <see cref="EventTypes"/>.</summary>
    [JsonPropertyName("Type")]
    public required string Type { get; init; }

    /// <summary>One of <see cref="EventActions"/>.</summary>
    [JsonPropertyName("Action")]
    public required string Action { get; init; }

    [JsonPropertyName("Actor")]
    public required EventActor Actor { get; init; }

    /// <summary>Always "local": a daemonless engine has no swarm scope.</summary>
    [JsonPropertyName("scope")]
    public string Scope { get; init; } = "local";

    /// <summary>Seconds since the Unix epoch.</summary>
    [JsonPropertyName("time")]
    public long Time { get; init; }

    /// <summary>Nanoseconds since the Unix epoch (what since/until compare).</summary>
    [JsonPropertyName("timeNano")]
    public long TimeNano { get; init; }

    /// <summary>An event that happens now (by <paramref name="clock"/>, the system clock by default).</summary>
    public static EngineEvent Now(string type, string action, string id, IReadOnlyDictionary<string, string>? attributes = null, TimeProvider? clock = null)
    {
        var nanos = ToUnixNanos((clock ?? TimeProvider.System).GetUtcNow());
        return new EngineEvent
        {
            Type = type,
            Action = action,
            Actor = new EventActor { Id = id, Attributes = attributes ?? new Dictionary<string, string>() },
            Time = nanos / 1_000_000_000,
            TimeNano = nanos,
        };
    }

    public static long ToUnixNanos(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
