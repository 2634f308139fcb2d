using Cais.Common;
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
            return null;
        }

        if (record.State.Status is "running" or "paused")
        {
            var exit = runtime.ReadExit(paths.ExitDir, id);
            if (exit is null && ProcessAlive(record.State.ConmonPid))
            {
                return record;
            }

            record = containers.Mutate(id, r => r with
            {
                State = r.State with
                {
                    Status = "exited",
                    Pid = 0,
                    ConmonPid = 0,
                    ExitCode = exit?.ExitCode ?? 255,
                    FinishedAt = exit?.ExitedAt ?? DateTimeOffset.UtcNow,
                    Error = exit is null ? "container monitor exited without recording an exit code" : "",
                },
            })!;
        }

        await ReleaseRuntimeAsync(record, cancellationToken).ConfigureAwait(false);
        if (record.Settings.AutoRemove && record.State.Status == "exited")
        {
            RemoveLocked(record);
            return null;
        }

        return record;
    }

    /// <summary>Docker's rm: refuses a running container unless forced, then leaves no mount, state, monitor or record.</summary>
    public async Task RemoveAsync(string idOrName, bool force, CancellationToken cancellationToken)
    {
        var record = await GetAsync(idOrName, cancellationToken).ConfigureAwait(false);
        if (record.State.Status is "running" or "paused")
        {
            if (!force)
            {
                throw EngineException.Conflict(
                    $"cannot remove container \"/{record.Name}\": container is running: stop the container before removing or force remove");
            }

            await SignalAsync(record, Signals.SigKill, cancellationToken).ConfigureAwait(false);
            await WaitForExitAsync(record, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }

        using var held = await LockAsync(record.Id, cancellationToken).ConfigureAwait(false);
        record = containers.GetById(record.Id);
        if (record is null)
        {
            return;
        }

        await ReleaseRuntimeAsync(record, cancellationToken).ConfigureAwait(false);
        RemoveLocked(record);
    }

    private void RemoveLocked(ContainerRecord record)
    {
        snapshotter.RemoveContainer(record.Id);
        DeleteDirectory(DataDir(record.Id));
        DeleteDirectory(RunDir(record.Id));
        containers.Delete(record.Id);
        try
        {
            File.Delete(Path.Combine(paths.Locks, record.Id));
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Deletes runc's state, the exit file and the rootfs mount; each step tolerates "already gone".</summary>
    private async Task ReleaseRuntimeAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        await runtime.DeleteAsync(record.Id, force: true, cancellationToken).ConfigureAwait(false);
        try
        {
            File.Delete(Path.Combine(paths.ExitDir, record.Id));
        }
        catch (IOException)
        {
        }

        snapshotter.UnmountContainer(record.Id);
        if (record.State.ConmonPid > 0 && ProcessAlive(record.State.ConmonPid))
        {
            // conmon outlived its container only if something went badly wrong; do not leave it behind.
            Linux.NativeProcess.Kill(record.State.ConmonPid, Signals.SigKill);
        }
    }
}
