using System.Text.Json.Serialization;

namespace Cais.Api;

/// <summary>A container inspect document's Config: what the container runs (the fields cais sets, in Docker's order).</summary>
public sealed record ContainerConfig
{
    public string Hostname { get; init; } = "";

    public string Domainname { get; init; } = "";

    public string User { get; init; } = "";

    public bool AttachStdin { get; init; }

    public bool AttachStdout { get; init; }

    public bool AttachStderr { get; init; }

    /// <summary>The image's exposed ports and --expose's (and -p's), as a set: "80/tcp": {}; absent without any, as in Docker.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, EmptyObject>? ExposedPorts { get; init; }

    public bool Tty { get; init; }

    public bool OpenStdin { get; init; }

    public IReadOnlyList<string>? Env { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public string Image { get; init; } = "";

    public string WorkingDir { get; init; } = "";

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public string? StopSignal { get; init; }

    public int? StopTimeout { get; init; }
}
