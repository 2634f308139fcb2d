using System.Text.Json.Serialization;

namespace Cais.Api;

/// <summary>
/// A container inspect document's Config: what the container runs, the image's defaults merged with what was asked,
/// in Docker 28's field order. Fields Docker omits when empty carry <see cref="JsonIgnoreCondition.WhenWritingNull"/>.
/// </summary>
public sealed record ContainerConfig
{
    public string Hostname { get; init; } = "";

    public string Domainname { get; init; } = "";

    public string User { get; init; } = "";

    public bool AttachStdin { get; init; }

    public bool AttachStdout { get; init; }

    public bool AttachStderr { get; init; }

    /// <summary>A set, as Go writes map[string]struct{}: "80/tcp" -> {}; absent when empty.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, EmptyObject>? ExposedPorts { get; init; }

    public bool Tty { get; init; }

    public bool OpenStdin { get; init; }

    public bool StdinOnce { get; init; }

    public IReadOnlyList<string>? Env { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    /// <summary>The image as the user named it.</summary>
    public string Image { get; init; } = "";

    public IReadOnlyDictionary<string, EmptyObject>? Volumes { get; init; }

    public string WorkingDir { get; init; } = "";

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyList<string>? OnBuild { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StopSignal { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? StopTimeout { get; init; }
}
