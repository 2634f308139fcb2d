namespace Cais.Api;

/// <summary>An image's Config: the defaults a container of it starts with.</summary>
public sealed record ImageInspectConfig
{
    public string Hostname { get; init; } = "";

    public string Domainname { get; init; } = "";

    public string User { get; init; } = "";

    public bool AttachStdin { get; init; }

    public bool AttachStdout { get; init; }

    public bool AttachStderr { get; init; }

    /// <summary>A set, as Go writes map[string]struct{}: "80/tcp" -> {}.</summary>
    public IReadOnlyDictionary<string, EmptyObject>? ExposedPorts { get; init; }

    public bool Tty { get; init; }

    public bool OpenStdin { get; init; }

    public bool StdinOnce { get; init; }

    public IReadOnlyList<string>? Env { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public string Image { get; init; } = "";

    public IReadOnlyDictionary<string, EmptyObject>? Volumes { get; init; }

    public string WorkingDir { get; init; } = "";

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyList<string>? OnBuild { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public string? StopSignal { get; init; }
}
