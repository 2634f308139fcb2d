using Cais.Common;
using Cais.Metadata;

namespace Cais.Containers.State;

/// <summary>
/// Every change of a container's status, as a new state record: the service applies these inside
/// <see cref="ContainerRepository.Mutate"/> and never assigns a status itself. A move the table does not allow
/// (<see cref="ContainerTransitions.AllowsMove"/>) is a bug or a race lost, and throws instead of being recorded.
/// </summary>
public static class ContainerStates
{
    /// <summary>The monitor of a start under way is known: recorded before `runc start`, status unchanged.</summary>
    public static ContainerStateRecord MonitorLaunched(ContainerStateRecord state, int pid, int conmonPid, ulong conmonStartTime, string? bootId, bool exitCommandDelayed = false)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state with { Pid = pid, ConmonPid = conmonPid, ConmonStartTime = conmonStartTime, BootId = bootId, ExitCommandDelayed = exitCommandDelayed };
    }

    /// <summary>`runc start` succeeded: running, with the previous run's outcome cleared.</summary>
    public static ContainerStateRecord Started(ContainerStateRecord state, DateTimeOffset now) =>
        Move(state, ContainerStatus.Running) with { ExitCode = 0, Error = "", StartedAt = now, FinishedAt = null };

    /// <summary>
    /// A start failed: back to created (never started) or exited (it ran before), with the error and Docker's code
    /// (126/127 when the command cannot run, else 128), and no process.
    /// </summary>
    public static ContainerStateRecord StartFailed(ContainerStateRecord state, int exitCode, string error)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Move(state, state.StartedAt is null ? ContainerStatus.Created : ContainerStatus.Exited) with
        {
            Pid = 0,
            ConmonPid = 0,
            ExitCode = exitCode,
            Error = error,
        };
    }

    /// <summary>An up container ended with this code (from conmon's exit file, or decided by the service).</summary>
    public static ContainerStateRecord Exited(ContainerStateRecord state, int exitCode, DateTimeOffset finishedAt, string error)
    {
        ArgumentNullException.ThrowIfNull(state);

        // The table also lets a failed start stay exited; an exit itself needs processes that ran.
        if (!state.Status.IsUp() && state.Status != ContainerStatus.Restarting)
        {
            throw IllegalMove(state.Status, ContainerStatus.Exited);
        }

        return Move(state, ContainerStatus.Exited) with { Pid = 0, ConmonPid = 0, ExitCode = exitCode, FinishedAt = finishedAt, Error = error };
    }

    /// <summary>
    /// A record that is not up but still names processes (a start killed half-way): those processes are gone or are
    /// being ended, so the record stops naming them; the status stays.
    /// </summary>
    public static ContainerStateRecord ProcessesForgotten(ContainerStateRecord state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Status.IsUp())
        {
            throw IllegalMove(state.Status, state.Status);
        }

        return state with { Pid = 0, ConmonPid = 0 };
    }

    private static ContainerStateRecord Move(ContainerStateRecord state, ContainerStatus to)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!ContainerTransitions.AllowsMove(state.Status, to))
        {
            throw IllegalMove(state.Status, to);
        }

        return state with { Status = to };
    }

    private static EngineException IllegalMove(ContainerStatus from, ContainerStatus to) =>
        EngineException.Conflict($"container state cannot change from {from.ToDockerName()} to {to.ToDockerName()}");
}
