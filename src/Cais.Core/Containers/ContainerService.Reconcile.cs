using Cais.Containers.State;
using Cais.Metadata;
using Cais.Network;

namespace Cais.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// Makes the records true again after processes died (kill -9, a crash, a reboot): what a long-running service runs
    /// when it starts. Containers whose monitor lives are adopted (reported, untouched); those recorded up whose monitor
    /// is dead or from another boot are marked exited, with the exit file's code when there is one, and released (--rm
    /// honoured, as their monitor's cleanup would have); stopped ones that still name processes or a namespace are
    /// released. Then what no record names any more goes: network namespaces, container snapshots and directories, and
    /// exit files nobody read. Safe beside other cais processes: each container is judged under its lock, and the
    /// orphan sweep under the exclusive garbage-collection lock, which keeps creates in progress out.
    /// </summary>
    public async Task<ReconcileReport> ReconcileAsync(CancellationToken cancellationToken)
    {
        var adopted = new List<string>();
        var exited = new List<string>();
        var released = new List<string>();
        foreach (var listed in containers.List())
        {
            using var held = await LockAsync(listed.Id, cancellationToken).ConfigureAwait(false);
            if (containers.GetById(listed.Id) is not { } record)
            {
                // Removed while we waited; taking the lock re-created its file.
                DeleteLockFile(listed.Id);
                continue;
            }

            if (record.State.Status.IsUp())
            {
                if (ContainerLiveness.StillUp(record.State, ExitRecorded(record.Id)))
                {
                    adopted.Add(record.Id);
                    continue;
                }

                exited.Add(record.Id);
                await CleanupLockedAsync(record, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (NamesLeftovers(record.State))
            {
                released.Add(record.Id);
            }

            // Cheap when there is nothing (no runc state, no mount, no namespace): a start killed before it recorded
            // anything may still have left a mount or runc state behind.
            await ReleaseRuntimeAsync(record, cancellationToken).ConfigureAwait(false);
            if (record.State.Pid != 0 || record.State.ConmonPid != 0)
            {
                containers.Mutate(record.Id, r => r with { State = ContainerStates.ProcessesForgotten(r.State) });
            }
        }

        var orphans = await SweepOrphansAsync(cancellationToken).ConfigureAwait(false);
        return new ReconcileReport { Adopted = adopted, MarkedExited = exited, Released = released, Orphans = orphans };
    }

    private static bool NamesLeftovers(ContainerStateRecord state) =>
        state.Pid != 0 || state.ConmonPid != 0 || state.NetnsPath is not null || state.Endpoints.Count > 0;

    /// <summary>
    /// Removes what belongs to no container record: a create killed between making its snapshot and writing its
    /// record, a namespace whose container is gone. Under the exclusive garbage-collection lock, which a create holds
    /// shared until its record exists, so nothing a create in progress made is taken for an orphan.
    /// </summary>
    private async Task<List<string>> SweepOrphansAsync(CancellationToken cancellationToken)
    {
        var swept = new List<string>();
        using var gcHold = await images.HoldExclusiveAsync(cancellationToken).ConfigureAwait(false);
        var known = containers.List().Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        bool Orphan(string id) => !known.Contains(id);

        foreach (var id in snapshotter.ListContainers().Where(Orphan))
        {
            snapshotter.RemoveContainer(id);
            swept.Add(snapshotter.ContainerRootfs(id));
        }

        foreach (var namespaceFile in Files(paths.NetnsDir).Where(f => Orphan(Path.GetFileName(f))))
        {
            NetworkNamespace.Delete(namespaceFile);
            swept.Add(namespaceFile);
        }

        foreach (var directory in Directories(paths.DataRoot).Concat(Directories(paths.RunRoot)).Where(d => Orphan(Path.GetFileName(d))))
        {
            DeleteDirectory(directory);
            swept.Add(directory);
        }

        SweepStaleExitFiles();
        return swept;
    }

    private static IEnumerable<string> Files(string directory) => Directory.Exists(directory) ? Directory.GetFiles(directory) : [];

    private static IEnumerable<string> Directories(string directory) => Directory.Exists(directory) ? Directory.GetDirectories(directory) : [];
}
