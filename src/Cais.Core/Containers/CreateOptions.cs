namespace Cais.Containers;

/// <summary>What <c>cais create</c>/<c>run</c> asks for, after the CLI has parsed flags and env files.</summary>
public sealed record CreateOptions
{
    public required string Image { get; init; }

    public string? Name { get; init; }

    /// <summary>Command after the image name; empty means the image's Cmd.</summary>
    public IReadOnlyList<string> Cmd { get; init; } = [];

    /// <summary>null keeps the image's entrypoint; "" clears it.</summary>
    public string? Entrypoint { get; init; }

    public IReadOnlyList<string> Env { get; init; } = [];

    public string? WorkingDir { get; init; }

    public string? User { get; init; }

    public string? Hostname { get; init; }

    public bool Tty { get; init; }

    public bool OpenStdin { get; init; }

    public bool AutoRemove { get; init; }

    /// <summary>"none" (the default until bridge networking lands) or "host".</summary>
    public string NetworkMode { get; init; } = "none";

    /// <summary>HOST:CONTAINER[:ro|rw] bind mounts.</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];

    public bool Privileged { get; init; }

    public IReadOnlyList<string> CapAdd { get; init; } = [];

    public IReadOnlyList<string> CapDrop { get; init; } = [];

    public IReadOnlyList<string> SecurityOpt { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public string? StopSignal { get; init; }

    public int? StopTimeout { get; init; }
}
