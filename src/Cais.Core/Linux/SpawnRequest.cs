using System.Runtime.InteropServices;

namespace Cais.Linux;

/// <summary>What <see cref="NativeProcess.Spawn"/> starts. Handles are borrowed: the caller still owns and closes them.</summary>
public sealed record SpawnRequest
{
    /// <summary>Absolute path of the executable (no PATH search, so a relative name can never pick up a planted binary).</summary>
    public required string Path { get; init; }

    /// <summary>The full argv, including argv[0].</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>"KEY=value" entries; null inherits this process' environment.</summary>
    public IReadOnlyList<string>? Environment { get; init; }

    /// <summary>fd 0 of the child; null means /dev/null.</summary>
    public SafeHandle? Stdin { get; init; }

    /// <summary>fd 1 of the child; null means /dev/null.</summary>
    public SafeHandle? Stdout { get; init; }

    /// <summary>fd 2 of the child; null means /dev/null.</summary>
    public SafeHandle? Stderr { get; init; }

    /// <summary>Handles that become fds 3, 4, ... in the child, in order. Nothing else is inherited.</summary>
    public IReadOnlyList<SafeHandle> ExtraFds { get; init; } = [];

    /// <summary>Start the child in a new session (setsid), detached from our terminal and process group.</summary>
    public bool NewSession { get; init; }

    public string? WorkingDirectory { get; init; }
}
