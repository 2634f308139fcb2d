using Cais.Common;
using Cais.Metadata;

namespace Cais.Containers.State;

/// <summary>
/// The one table of container states: which operation each status allows (<see cref="Decide"/>, refused in Docker's
/// words by <see cref="Ensure"/>), and which status moves the service may record (<see cref="AllowsMove"/>, applied
/// through <see cref="ContainerStates"/>). Nothing else compares statuses to decide what a container may do.
/// </summary>
/// <remarks>
/// Cais has no pause or restart policy yet; their rows are here so that the API's pause, unpause and restart are
/// adapters over the same table, and so that a record written by a later version in one of those states is handled.
/// </remarks>
public static class ContainerTransitions
{
    /// <summary>What <paramref name="operation"/> does in <paramref name="status"/>.</summary>
    public static TransitionOutcome Decide(ContainerOperation operation, ContainerStatus status) => operation switch
    {
        // Docker answers a start of a running container with 304 and no error.
        ContainerOperation.Start => status switch
        {
            ContainerStatus.Created or ContainerStatus.Exited => TransitionOutcome.Proceed,
            ContainerStatus.Running or ContainerStatus.Restarting => TransitionOutcome.AlreadyDone,
            _ => TransitionOutcome.Refused,
        },

        // Stopping a container that does not run is fine (Docker's 304); a frozen one cannot handle the stop signal.
        ContainerOperation.Stop => status switch
        {
            ContainerStatus.Running or ContainerStatus.Restarting => TransitionOutcome.Proceed,
            ContainerStatus.Paused => TransitionOutcome.Refused,
            _ => TransitionOutcome.AlreadyDone,
        },
        ContainerOperation.Kill => status is ContainerStatus.Running or ContainerStatus.Restarting ? TransitionOutcome.Proceed : TransitionOutcome.Refused,
        ContainerOperation.Pause => status == ContainerStatus.Running ? TransitionOutcome.Proceed : TransitionOutcome.Refused,
        ContainerOperation.Unpause => status == ContainerStatus.Paused ? TransitionOutcome.Proceed : TransitionOutcome.Refused,
        ContainerOperation.Remove => status is ContainerStatus.Created or ContainerStatus.Exited or ContainerStatus.Dead
            ? TransitionOutcome.Proceed
            : TransitionOutcome.Refused,
        ContainerOperation.ForceRemove => status == ContainerStatus.Removing ? TransitionOutcome.Refused : TransitionOutcome.Proceed,
        ContainerOperation.Exec => status == ContainerStatus.Running ? TransitionOutcome.Proceed : TransitionOutcome.Refused,
        ContainerOperation.Restart => status switch
        {
            ContainerStatus.Created or ContainerStatus.Running or ContainerStatus.Exited => TransitionOutcome.Proceed,
            ContainerStatus.Restarting => TransitionOutcome.AlreadyDone,
            _ => TransitionOutcome.Refused,
        },
        ContainerOperation.Attach => status == ContainerStatus.Running ? TransitionOutcome.Proceed : TransitionOutcome.Refused,
        ContainerOperation.Connect or ContainerOperation.Disconnect => status is ContainerStatus.Removing or ContainerStatus.Dead
            ? TransitionOutcome.Refused
            : TransitionOutcome.Proceed,
        ContainerOperation.ShareNetworkNamespace => status.IsUp() ? TransitionOutcome.Proceed : TransitionOutcome.Refused,
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    public static bool CanStart(ContainerStatus status) => Decide(ContainerOperation.Start, status) == TransitionOutcome.Proceed;

    public static bool CanStop(ContainerStatus status) => Decide(ContainerOperation.Stop, status) == TransitionOutcome.Proceed;

    public static bool CanKill(ContainerStatus status) => Decide(ContainerOperation.Kill, status) == TransitionOutcome.Proceed;

    public static bool CanPause(ContainerStatus status) => Decide(ContainerOperation.Pause, status) == TransitionOutcome.Proceed;

    public static bool CanUnpause(ContainerStatus status) => Decide(ContainerOperation.Unpause, status) == TransitionOutcome.Proceed;

    public static bool CanRemove(ContainerStatus status, bool force) =>
        Decide(force ? ContainerOperation.ForceRemove : ContainerOperation.Remove, status) == TransitionOutcome.Proceed;

    public static bool CanExec(ContainerStatus status) => Decide(ContainerOperation.Exec, status) == TransitionOutcome.Proceed;

    public static bool CanRestart(ContainerStatus status) => Decide(ContainerOperation.Restart, status) == TransitionOutcome.Proceed;

    public static bool CanAttach(ContainerStatus status) => Decide(ContainerOperation.Attach, status) == TransitionOutcome.Proceed;

    public static bool CanConnect(ContainerStatus status) => Decide(ContainerOperation.Connect, status) == TransitionOutcome.Proceed;

    /// <summary>Whether another container may join this one's network namespace: it must be up with a process to name it.</summary>
    public static bool CanShareNetworkNamespace(ContainerStateRecord state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Decide(ContainerOperation.ShareNetworkNamespace, state.Status) == TransitionOutcome.Proceed && state.Pid > 0;
    }

    /// <summary>A network connected to a container that is up joins now; otherwise it is joined on the next start.</summary>
    public static bool JoinsNetworksNow(ContainerStatus status) => status.IsUp();

    /// <summary>A created container has not run yet: `wait` waits for it to start, then for it to exit.</summary>
    public static bool AwaitsFirstStart(ContainerStatus status) => status == ContainerStatus.Created;

    /// <summary>
    /// Throws Docker's refusal when <paramref name="operation"/> is refused; returns whether it should proceed (false:
    /// nothing to do). <paramref name="requested"/> is the name or ID the caller gave, which some of Docker's messages quote.
    /// </summary>
    public static bool Ensure(ContainerOperation operation, ContainerRecord record, string requested)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (operation == ContainerOperation.ShareNetworkNamespace && !CanShareNetworkNamespace(record.State))
        {
            throw Refusal(operation, record, requested);
        }

        return Decide(operation, record.State.Status) switch
        {
            TransitionOutcome.Proceed => true,
            TransitionOutcome.AlreadyDone => false,
            _ => throw Refusal(operation, record, requested),
        };
    }

    /// <summary>Docker's words for an operation its status refuses (a conflict: HTTP 409, exit code 1 or 125).</summary>
    public static EngineException Refusal(ContainerOperation operation, ContainerRecord record, string requested)
    {
        ArgumentNullException.ThrowIfNull(record);
        var id = record.Id;
        var status = record.State.Status;
        const string PausedBeforeStop = "is paused, unpause the container before stopping or killing";
        var message = operation switch
        {
            ContainerOperation.Start when status == ContainerStatus.Paused => "cannot start a paused container, try unpause instead",
            ContainerOperation.Start => $"cannot start container: {requested}: container is marked for removal and cannot be started",
            ContainerOperation.Stop => $"cannot stop container: {requested}: container {id} {PausedBeforeStop}",
            ContainerOperation.Kill when status == ContainerStatus.Paused => $"cannot kill container: {requested}: container {id} {PausedBeforeStop}",
            ContainerOperation.Kill => $"cannot kill container: {requested}: container {id} is not running",
            ContainerOperation.Pause when status == ContainerStatus.Paused => $"container {id} is already paused",
            ContainerOperation.Pause when status == ContainerStatus.Restarting => $"container {id} is restarting, wait until the container is running",
            ContainerOperation.Pause => $"container {id} is not running",
            ContainerOperation.Unpause => $"container {id} is not paused",
            ContainerOperation.Remove or ContainerOperation.ForceRemove when status == ContainerStatus.Removing =>
                $"removal of container {requested} is already in progress",
            ContainerOperation.Remove when status == ContainerStatus.Paused =>
                $"cannot remove container \"/{record.Name}\": container is paused: unpause and then stop the container before removing or force remove",
            ContainerOperation.Remove =>
                $"cannot remove container \"/{record.Name}\": container is {status.ToDockerName()}: stop the container before removing or force remove",
            ContainerOperation.Exec when status == ContainerStatus.Paused => $"container {id} is paused, unpause the container before exec",
            ContainerOperation.Exec when status == ContainerStatus.Restarting => $"container {id} is restarting, wait until the container is running",
            ContainerOperation.Exec => $"container {id} is not running",
            ContainerOperation.Restart when status == ContainerStatus.Paused => $"cannot restart container: {requested}: container {id} {PausedBeforeStop}",
            ContainerOperation.Restart => $"cannot restart container: {requested}: container is marked for removal and cannot be started",
            ContainerOperation.Attach when status == ContainerStatus.Paused => "you cannot attach to a paused container, unpause it first",
            ContainerOperation.Attach when status == ContainerStatus.Restarting => "you cannot attach to a restarting container, wait until it is running",
            ContainerOperation.Attach => "you cannot attach to a stopped container, start it first",
            ContainerOperation.Connect or ContainerOperation.Disconnect =>
                $"container {id} is marked for removal and cannot be connected or disconnected to the network",
            ContainerOperation.ShareNetworkNamespace => $"cannot join network namespace of a non running container: {id}",
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
        return EngineException.Conflict(message);
    }

    /// <summary>
    /// The status moves the service records: start (created or exited to running, or back where it was when the start
    /// failed), exit (up to exited), pause and unpause, restart, and removal (to removing, then dead).
    /// </summary>
    public static bool AllowsMove(ContainerStatus from, ContainerStatus to) => from switch
    {
        ContainerStatus.Created => to is ContainerStatus.Created or ContainerStatus.Running or ContainerStatus.Exited
            or ContainerStatus.Removing or ContainerStatus.Dead,
        ContainerStatus.Running => to is ContainerStatus.Paused or ContainerStatus.Exited or ContainerStatus.Restarting
            or ContainerStatus.Removing or ContainerStatus.Dead,
        ContainerStatus.Paused => to is ContainerStatus.Running or ContainerStatus.Exited or ContainerStatus.Removing or ContainerStatus.Dead,
        ContainerStatus.Restarting => to is ContainerStatus.Running or ContainerStatus.Exited or ContainerStatus.Removing or ContainerStatus.Dead,
        ContainerStatus.Exited => to is ContainerStatus.Exited or ContainerStatus.Running or ContainerStatus.Removing or ContainerStatus.Dead,
        ContainerStatus.Removing => to == ContainerStatus.Dead,
        _ => false,
    };
}
