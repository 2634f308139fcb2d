namespace Cais.Containers.Exec;

/// <summary>
/// One exec session as stored (Docker's exec instance): made by CreateExec, run once by StartExec, readable by any
/// process of the same state root until its container is removed.
/// </summary>
public sealed record ExecSession
{
    public required string Id { get; init; }

    public required string ContainerId { get; init; }

    public required ExecOptions Options { get; init; }

    public DateTimeOffset Created { get; init; }

    /// <summary>Set when StartExec begins; never cleared, so a session runs at most once.</summary>
    public bool Started { get; init; }

    /// <summary>Set by the starter once the process ended (null while it runs, or when nobody could learn it).</summary>
    public int? ExitCode { get; init; }

    /// <summary>The process' pid, recorded once known (a detached exec's at once, a foreground one's when it ended).</summary>
    public int Pid { get; init; }

    /// <summary>The pid's start time (clock ticks since boot), so that a reused pid never counts as this process.</summary>
    public ulong PidStartTime { get; init; }
}
