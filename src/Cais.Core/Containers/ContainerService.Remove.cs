using Cais.Common;
using Cais.Containers.State;
using Cais.Metadata;
using Cais.Runtime;

namespace Cais.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// Records the exit, unmounts the rootfs and deletes the runtime state; removes the container when it was started
    /// with --rm. Runs from conmon's exit command and from every cais process that notices the exit first, so it is
    /// idempotent. Returns the updated record, or null when the container is gone.
    /// </summary>
    public async Task<ContainerRecord?> CleanupAsync(string id, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(id, cancellationToken).ConfigureAwait(false);
        var record = containers.GetById(id);
        if (record is null)
        {
            // conmon's exit command and a foreground waiter both arrive here after --rm removed the record; taking
            // the lock re-created its file, which nothing else would ever delete.
            DeleteLockFile(id);
            return null;
        }

        return await CleanupLockedAsync(record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><see cref="CleanupAsync"/> with the container's lock held, on its current record.</summary>
    private async Task<ContainerRecord?> CleanupLockedAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        var id = record.Id;
        var monitor = record.State;
        var heldPorts = record.State.Ports.Count > 0;
        if (record.State.Status.IsUp())
        {
            if (!ExitRecorded(id) && ContainerLiveness.MonitorAlive(record.State))
            {
                return record;
            }

            record = MarkExitedLocked(record, killed: false);
        }

        await ReleaseRuntimeAsync(record, cancellationToken).ConfigureAwait(false);
        EndIdleMonitor(monitor);
        if (heldPorts)
        {
            await WaitForMonitorToReleasePortsAsync(monitor, cancellationToken).ConfigureAwait(false);
        }

        SweepStaleExitFiles();
        if (record.Settings.AutoRemove && record.State.Status.HasEnded())
        {
            // The exit file outlives the record so that a foreground `run --rm` still learns the exit code;
            // that waiter deletes it, and SweepStaleExitFiles catches the ones nobody waited for.
            RemoveLocked(record, keepExitFile: true);
            return null;
        }

        return record;
    }

    /// <summary>
    /// A monitor that holds back its exit command for the waiter now cleaning up (ExitCommandDelayed) is ended with
    /// its process group, the delayed command's waiter included: the command would only find nothing to do, a second
    /// later, as one more cais process.
    /// </summary>
    private static void EndIdleMonitor(ContainerStateRecord monitor)
    {
        if (monitor.ExitCommandDelayed && ContainerLiveness.MonitorAlive(monitor))
        {
            Linux.NativeProcess.KillGroup(monitor.ConmonPid, Signals.SigKill);
        }
    }

    /// <summary>Deletes a kept exit file once its reader has the code.</summary>
    public void DiscardExitFile(string id) => DeleteExitFile(id);

    /// <summary>Docker's rm: refuses a running container unless forced, then leaves no mount, state, monitor or record.</summary>
    public async Task RemoveAsync(string idOrName, bool force, CancellationToken cancellationToken)
    {
        var found = containers.Find(idOrName) ?? throw NoSuchContainer(idOrName);
        await RemoveAsync(found, force, idOrName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a container this process already holds the record of; one that is already gone is fine.</summary>
    public Task RemoveAsync(ContainerRecord record, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return RemoveAsync(record, force, record.Id, cancellationToken);
    }

    private async Task RemoveAsync(ContainerRecord found, bool force, string requested, CancellationToken cancellationToken)
    {
        // Held throughout, the kill included: conmon's own cleanup then waits and finds the container gone, instead of
        // racing this removal to tear it down.
        using var held = await LockAsync(found.Id, cancellationToken).ConfigureAwait(false);
        var current = containers.GetById(found.Id);
        current = current is null ? null : await RefreshLockedAsync(current, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            DeleteExitFile(found.Id);
            DeleteLockFile(found.Id);
            return;
        }

        ContainerTransitions.Ensure(force ? ContainerOperation.ForceRemove : ContainerOperation.Remove, current, requested);
        if (current.State.Status.IsUp())
        {
            await SignalAsync(current, Signals.SigKill, cancellationToken).ConfigureAwait(false);
            await WaitForExitAsync(current, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);

            // Record the exit before anything is torn down (the exit file first of all): a removal killed half-way
            // then leaves an exited container with its real exit code, not a "running" one whose evidence is gone.
            MarkExitedLocked(current, killed: true);
        }

        // The record as it was before: its monitor is the one to make sure of.
        await ReleaseRuntimeAsync(current, cancellationToken).ConfigureAwait(false);
        RemoveLocked(current);
    }

    /// <summary>
    /// Records that a running container ended, with conmon's exit code; without one, 137 when this process killed it
    /// with SIGKILL (what conmon would have written), else 255 (the monitor died with the outcome unknown).
    /// </summary>
    private ContainerRecord MarkExitedLocked(ContainerRecord record, bool killed)
    {
        var exit = runtime.ReadExit(paths.ExitDir, record.Id);
        return Emitted(Events.EventActions.Die, containers.Mutate(record.Id, r => r with
        {
            State = ContainerStates.Exited(
                r.State,
                exit?.ExitCode ?? (killed ? 128 + Signals.SigKill : 255),
                exit?.ExitedAt ?? DateTimeOffset.UtcNow,
                exit is null && !killed ? "container monitor exited without recording an exit code" : ""),
        }) ?? record);
    }

    private void RemoveLocked(ContainerRecord record, bool keepExitFile = false)
    {
        if (!keepExitFile)
        {
            DeleteExitFile(record.Id);
            Linux.TestPausePoint.Reach(Linux.TestPausePoint.RemoveAfterExitFile);
        }

        RemoveRootfs(record.Id);
        UnmountShareableShm(record);
        _execSessions.RemoveForContainer(record.Id);
        DeleteDirectory(DataDir(record.Id));
        DeleteDirectory(RunDir(record.Id));
        containers.Delete(record.Id);
        DeleteLockFile(record.Id);
        Emitted(Events.EventActions.Destroy, record);
    }

    /// <summary>
    /// Deletes the lock file of a container that no longer exists, while holding it. A process still waiting on the
    /// old file may then lock a fresh one concurrently, which is harmless: every locked path re-reads the record
    /// first and finds it gone.
    /// </summary>
    private void DeleteLockFile(string id)
    {
        try
        {
            File.Delete(Path.Combine(paths.Locks, id));
        }
        catch (IOException)
        {
        }
    }

    private void DeleteExitFile(string id)
    {
        try
        {
            File.Delete(Path.Combine(paths.ExitDir, id));
        }
        catch (IOException)
        {
        }
    }

    private void SweepStaleExitFiles()
    {
        if (!Directory.Exists(paths.ExitDir))
        {
            return;
        }

        var cutoff = DateTime.UtcNow - TimeSpan.FromMinutes(10);
        foreach (var file in Directory.EnumerateFiles(paths.ExitDir))
        {
            if (File.GetLastWriteTimeUtc(file) < cutoff && containers.GetById(Path.GetFileName(file)) is null)
            {
                DeleteExitFile(Path.GetFileName(file));
            }
        }
    }

    /// <summary>Deletes runc's state and the rootfs mount; each step tolerates "already gone".</summary>
    private async Task ReleaseRuntimeAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        if (ContainerLiveness.MonitorAlive(record.State))
        {
            // conmon outlives its container only when a start was killed before `runc start` or runc lost its state.
            // Killed first, it cannot write an exit file or run its cleanup once the container dies below, where either
            // would land on the next run of this container.
            if (record.State.ExitCommandDelayed)
            {
                Linux.NativeProcess.KillGroup(record.State.ConmonPid, Signals.SigKill);
            }
            else
            {
                Linux.NativeProcess.Kill(record.State.ConmonPid, Signals.SigKill);
            }

            await WaitForMonitorToReleasePortsAsync(record.State, cancellationToken).ConfigureAwait(false);
        }

        await runtime.DeleteAsync(record.Id, force: true, cancellationToken).ConfigureAwait(false);

        // runc removes the cgroup with its state; when that state was lost, its processes and cgroup are still ours.
        await ContainerCgroup.RemoveAsync(CgroupPath(record.Id), cancellationToken).ConfigureAwait(false);
        UnmountRootfs(record.Id);
        UnmountShareableShm(record);
        await ReleaseNetworkAsync(record.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits briefly until a container's monitor has let go of the sockets of the published ports, so that `stop`, `rm -f`
    /// and `run --rm` return with the ports free: a `run -p` of the same port right after them works, as with Docker.
    /// conmon closes every fd but stdio as soon as the container has exited (before its exit command runs, which it then
    /// waits for), so this rarely waits at all; the bound only guards against a monitor that hangs. The monitor is
    /// identified by pid, start time and boot (<see cref="ContainerLiveness"/>), so a reused pid is never waited for.
    /// </summary>
    private static async Task WaitForMonitorToReleasePortsAsync(ContainerStateRecord monitor, CancellationToken cancellationToken)
    {
        var deadline = Environment.TickCount64 + 2000;
        while (ContainerLiveness.MonitorAlive(monitor) && Linux.NativeProcess.HoldsSockets(monitor.ConmonPid) && Environment.TickCount64 < deadline)
        {
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }
}
