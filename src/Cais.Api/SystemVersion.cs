using System.Text.Json.Serialization;

namespace Cais.Api;

/// <summary>GET /version: the engine's version facts, and <c>version</c>'s Server section.</summary>
public sealed record SystemVersion
{
    public SystemVersionPlatform Platform { get; init; } = new();

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ComponentVersion>? Components { get; init; }

    public string Version { get; init; } = "";

    public string ApiVersion { get; init; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? MinAPIVersion { get; init; }

    public string GitCommit { get; init; } = "";

    /// <summary>Docker's Go version: here the .NET runtime the binary is built on.</summary>
    public string GoVersion { get; init; } = "";

    public string Os { get; init; } = "";

    public string Arch { get; init; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? KernelVersion { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Experimental { get; init; }

    /// <summary>RFC 3339 with nanoseconds, as Docker's daemon reports it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? BuildTime { get; init; }
}
