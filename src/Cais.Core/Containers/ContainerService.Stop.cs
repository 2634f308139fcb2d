using Cais.Common;
using Cais.Metadata;
using Cais.Runtime;

namespace Cais.Containers;

public sealed partial class ContainerService
{
    private static readonly TimeSpan s_defaultStopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Docker's stop: the stop signal, then SIGKILL after the timeout. Stopping a stopped container is fine.</summary>
    public async Task<ContainerRecord> StopAsync(string idOrName, int? timeoutSeconds, string? signal, CancellationToken cancellationToken)
    {
        var record = await GetAsync(idOrName, cancellationToken).ConfigureAwait(false);
        if (record.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
        {
            return record;
        }

        var stopSignal = Signals.Parse(signal ?? record.Settings.StopSignal ?? "SIGTERM");
        var seconds = timeoutSeconds ?? record.Settings.StopTimeout;
        var timeout = seconds switch
        {
            null => s_defaultStopTimeout,
            < 0 => Timeout.InfiniteTimeSpan,
            _ => TimeSpan.FromSeconds(seconds.Value),
        };

        Log.Stopping(Logger, record.Id, stopSignal, seconds ?? -1);
        await SignalAsync(record, stopSignal, cancellationToken).ConfigureAwait(false);
        if (!await WaitForExitAsync(record, timeout, cancellationToken).ConfigureAwait(false))
        {
            await SignalAsync(record, Signals.SigKill, cancellationToken).ConfigureAwait(false);
            await WaitForExitAsync(record, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }

        return await CleanupAsync(record.Id, cancellationToken).ConfigureAwait(false) ?? record;
    }

    /// <summary>Docker's kill: a signal to a running container; an error if it is not running.</summary>
    public async Task KillAsync(string idOrName, string? signal, CancellationToken cancellationToken)
    {
        var record = await GetAsync(idOrName, cancellationToken).ConfigureAwait(false);
        var number = Signals.Parse(signal ?? "KILL");
        if (record.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
        {
            throw new EngineException(ErrorKind.Conflict, $"cannot kill container: {idOrName}: container {record.Id} is not running");
        }

        await SignalAsync(record, number, cancellationToken).ConfigureAwait(false);
        if (number == Signals.SigKill)
        {
            await WaitForExitAsync(record, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            await CleanupAsync(record.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SignalAsync(ContainerRecord record, int signal, CancellationToken cancellationToken)
    {
        try
        {
            await runtime.KillAsync(record.Id, signal, all: signal == Signals.SigKill, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException) when (ConmonRuntime.ReadExit(paths.ExitDir, record.Id) is not null)
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
            await runtime.WaitExitAsync(paths.ExitDir, record.Id, record.State.ConmonPid == 0 ? null : record.State.ConmonPid, limit.Token).ConfigureAwait(false);
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
        while (record.State.Status == ContainerStatus.Created)
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
        if (record.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
        {
            return record.State.ExitCode;
        }

        var exit = await runtime.WaitExitAsync(paths.ExitDir, record.Id, record.State.ConmonPid == 0 ? null : record.State.ConmonPid, cancellationToken).ConfigureAwait(false);
        var after = await CleanupAsync(record.Id, cancellationToken).ConfigureAwait(false);
        if (after is null)
        {
            DeleteExitFile(record.Id);
        }

        return after?.State.ExitCode ?? exit.ExitCode;
    }
}
