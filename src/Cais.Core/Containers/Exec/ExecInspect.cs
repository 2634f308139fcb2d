namespace Cais.Containers.Exec;

/// <summary>
/// An exec session as Docker's exec inspect shows it. Running and Pid are read live: another process may be the one
/// running it.
/// </summary>
public sealed record ExecInspect
{
    public required string Id { get; init; }

    public required string ContainerId { get; init; }

    public bool Running { get; init; }

    /// <summary>Null while it runs, before it started, or when its outcome is unknown (a detached exec).</summary>
    public int? ExitCode { get; init; }

    /// <summary>0 when not known (not started, or ended before it was read).</summary>
    public int Pid { get; init; }

    public required ExecProcessConfig ProcessConfig { get; init; }

    public bool OpenStdin { get; init; }

    public bool OpenStdout { get; init; }

    public bool OpenStderr { get; init; }

    /// <summary>Docker's CanRemove: false while its container exists (sessions go with their container).</summary>
    public bool CanRemove { get; init; }
}
