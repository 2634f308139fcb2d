using Cais.Common;
using Cais.Containers.State;
using Cais.Metadata;
using Cais.Runtime;

namespace Cais.Containers;

public sealed partial class ContainerService
{
    private static readonly TimeSpan s_defaultStopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Docker's stop: the stop signal, then SIGKILL after the timeout. Stopping a stopped container is fine.</summary>
    /// <remarks>
    /// The lock is held until the container has exited and is cleaned up: a start, exec or rm in between waits, and
    /// conmon's own cleanup waits and then finds the work done. Nothing this waits for needs the lock (conmon writes the
    /// exit file before it runs its exit command), so a stop never waits on itself.
    /// </remarks>
    public async Task<ContainerRecord> StopAsync(string idOrName, int? timeoutSeconds, string? signal, CancellationToken cancellationToken)
    {
        var locked = await LockCurrentAsync(idOrName, cancellationToken).ConfigureAwait(false);
        using var hold = locked.Hold;

        // Gone meanwhile: it exited and --rm removed it, so it is stopped.
        if (locked.Current is not { } record || !ContainerTransitions.Ensure(ContainerOperation.Stop, record, idOrName))
        {
            return locked.Current ?? locked.Found;
        }

        var stopSignal = Signals.Parse(signal ?? record.Settings.StopSignal ?? "SIGTERM");
        var seconds = timeoutSeconds ?? record.Settings.StopTimeout;
        var timeout = seconds switch
        {
            null => s_defaultStopTimeout,
            < 0 => Timeout.InfiniteTimeSpan,
            _ => TimeSpan.FromSeconds(seconds.Value),
        };

        await SignalAsync(record, stopSignal, cancellationToken).ConfigureAwait(false);
        if (!await WaitForExitAsync(record, timeout, cancellationToken).ConfigureAwait(false))
        {
            await SignalAsync(record, Signals.SigKill, cancellationToken).ConfigureAwait(false);
            await WaitForExitAsync(record, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }

        return Emitted(Events.EventActions.Stop, await CleanupLockedAsync(record, cancellationToken).ConfigureAwait(false) ?? record);
    }

    /// <summary>Docker's kill: a signal to a running container; an error if it is not running.</summary>
    /// <remarks>
    /// Held under the container's lock like stop, for the same reasons. A foreground `run` forwards the signals it gets
    /// without this lock (they must reach a container whose start holds it), so they never wait behind a stop or kill.
    /// </remarks>
    public async Task KillAsync(string idOrName, string? signal, CancellationToken cancellationToken)
    {
        var found = containers.Find(idOrName) ?? throw NoSuchContainer(idOrName);
        var number = Signals.Parse(signal ?? "KILL");
        var locked = await LockCurrentAsync(found.Id, cancellationToken).ConfigureAwait(false);
        using var hold = locked.Hold;

        // Gone meanwhile: it exited and --rm removed it.
        var record = locked.Current ?? throw NoSuchContainer(idOrName);
        ContainerTransitions.Ensure(ContainerOperation.Kill, record, idOrName);
        await SignalAsync(record, number, cancellationToken).ConfigureAwait(false);
        if (number == Signals.SigKill)
        {
            await WaitForExitAsync(record, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            await CleanupLockedAsync(record, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SignalAsync(ContainerRecord record, int signal, CancellationToken cancellationToken)
    {
        Emitted(Events.EventActions.Kill, record, ("signal", signal.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        try
        {
            await runtime.KillAsync(record.Id, signal, all: signal == Signals.SigKill, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException) when (runtime.ReadExit(paths.ExitDir, record.Id) is not null)
        {
            // It exited on its own meanwhile.
        }
        catch (EngineException e) when (e.Kind == ErrorKind.NotFound)
        {
            // runc lost its state (say its directory was deleted) but the container lives on: its cgroup still names
            // every process, so stop, kill and rm -f still work.
            ContainerCgroup.Signal(CgroupPath(record.Id), record.State.Pid, signal, all: signal == Signals.SigKill);
        }
    }

    /// <summary>Waits for conmon's exit record; false when the timeout passed first.</summary>
    private async Task<bool> WaitForExitAsync(ContainerRecord record, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            limit.CancelAfter(timeout);
        }

        try
        {
            await WaitExitAsync(record, limit.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Docker's wait: blocks until the container is not running and returns its exit code.</summary>
    public async Task<int> WaitAsync(string idOrName, CancellationToken cancellationToken)
    {
        var record = await GetAsync(idOrName, cancellationToken).ConfigureAwait(false);
        while (ContainerTransitions.AwaitsFirstStart(record.State.Status))
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            record = await GetAsync(record.Id, cancellationToken).ConfigureAwait(false);
        }

        return await WaitAsync(record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits on a record the caller already holds, so it works even when --rm cleanup removes the container
    /// the moment it exits: the exit code then comes from conmon's exit file.
    /// </summary>
    public async Task<int> WaitAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!record.State.Status.IsUp())
        {
            return record.State.ExitCode;
        }

        var exit = await WaitExitAsync(record, cancellationToken).ConfigureAwait(false);
        var after = await CleanupAsync(record.Id, cancellationToken).ConfigureAwait(false);
        if (after is null)
        {
            DeleteExitFile(record.Id);
        }

        return after?.State.ExitCode ?? exit.ExitCode;
    }

    /// <summary>
    /// conmon's exit record. The runtime tells a dead monitor by its pid alone while it waits; judged here first by pid,
    /// start time and boot, a monitor that died before the wait began (its pid perhaps reused since) is never waited on.
    /// </summary>
    private async Task<ContainerExit> WaitExitAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        if (record.State.ConmonPid > 0 && !ContainerLiveness.MonitorAlive(record.State))
        {
            return ConmonRuntime.ReadExit(paths.ExitDir, record.Id) ?? new ContainerExit(255, DateTimeOffset.UtcNow, MonitorLost: true);
        }

        return await runtime.WaitExitAsync(paths.ExitDir, record.Id, record.State.ConmonPid == 0 ? null : record.State.ConmonPid, cancellationToken)
            .ConfigureAwait(false);
    }
}
