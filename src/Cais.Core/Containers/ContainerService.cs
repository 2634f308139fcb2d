using Cais.Common;
using Cais.Images;
using Cais.Linux;
using Cais.Metadata;
using Cais.Runtime;
using Cais.Snapshots;

namespace Cais.Containers;

/// <summary>
/// Container lifecycle: create, start, stop, kill, remove, wait, exec, and the cleanup conmon triggers on exit.
/// </summary>
/// <remarks>
/// Every public method that changes a container takes that container's lock (a file lock, so it also excludes other
/// cais processes); methods named <c>*Locked</c> assume it is held. Reads never lock: a record that says "running"
/// but whose monitor has reported an exit is brought up to date on read (<see cref="RefreshAsync"/>).
/// </remarks>
public sealed partial class ContainerService(
    ContainerPaths paths,
    ContainerRepository containers,
    ImageService images,
    ISnapshotter snapshotter,
    ConmonRuntime runtime,
    IReadOnlyList<string>? exitCommandPrefix,
    Network.NetworkService? networks = null)
{
    public async Task<ContainerRecord> GetAsync(string idOrName, CancellationToken cancellationToken)
    {
        var record = containers.Find(idOrName) ?? throw NoSuchContainer(idOrName);
        return await RefreshAsync(record, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ContainerRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<ContainerRecord>();
        foreach (var record in containers.List())
        {
            list.Add(await RefreshAsync(record, cancellationToken).ConfigureAwait(false));
        }

        return list;
    }

    internal static EngineException NoSuchContainer(string idOrName) => EngineException.NotFound($"No such container: {idOrName}");

    private Task<FileLock> LockAsync(string id, CancellationToken cancellationToken) =>
        FileLock.AcquireAsync(Path.Combine(paths.Locks, id), exclusive: true, cancellationToken);

    private string RunDir(string id) => paths.ContainerRun(id);

    private string DataDir(string id) => paths.ContainerData(id);

    public string LogPath(string id) => Path.Combine(DataDir(id), "ctr.log");

    /// <summary>
    /// Brings a "running" record up to date when the monitor has recorded an exit or has died (for example the
    /// container was killed from outside while no cais process was around).
    /// </summary>
    private async Task<ContainerRecord> RefreshAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        if (record.State.Status is not ("running" or "paused"))
        {
            return record;
        }

        var exit = ConmonRuntime.ReadExit(paths.ExitDir, record.Id);
        if (exit is null && (record.State.ConmonPid == 0 || ProcessAlive(record.State.ConmonPid)))
        {
            return record;
        }

        return await CleanupAsync(record.Id, cancellationToken).ConfigureAwait(false) ?? record;
    }

    // conmon double-forks, so nobody of ours reaps it: a zombie would not linger, but IsRunning also rules it out.
    private static bool ProcessAlive(int pid) => NativeProcess.IsRunning(pid);
}
