using Cais.Oci.Runtime;

namespace Cais.Runtime;

/// <summary>A process to run inside an existing container.</summary>
public sealed record ExecLaunch
{
    public required string ContainerId { get; init; }

    /// <summary>The process spec (args, env, cwd, user, capabilities...). Terminal here is overridden by <see cref="Terminal"/>.</summary>
    public required SpecProcess Process { get; init; }

    public bool Terminal { get; init; }

    /// <summary>Start it and return 0 at once without waiting or streaming (docker exec -d).</summary>
    public bool Detach { get; init; }

    /// <summary>Scratch directory for the process spec and runc log; a private temp directory when null.</summary>
    public string? WorkDir { get; init; }
}
