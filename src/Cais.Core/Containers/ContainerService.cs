using Cais.Common;
using Cais.Images;
using Cais.Linux;
using Cais.Metadata;
using Cais.Network;
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
    IContainerRuntime runtime,
    IReadOnlyList<string>? exitCommandPrefix,
    Network.NetworkService? networks = null) : IContainerService
{
    public async Task<ContainerRecord> GetAsync(string idOrName, CancellationToken cancellationToken)
    {
        var record = containers.Find(idOrName) ?? throw NoSuchContainer(idOrName);
        record = await RefreshAsync(record, cancellationToken).ConfigureAwait(false);
        await CheckResolverAsync([record], cancellationToken).ConfigureAwait(false);
        return record;
    }

    public async Task<IReadOnlyList<ContainerRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<ContainerRecord>();
        foreach (var record in containers.List())
        {
            list.Add(await RefreshAsync(record, cancellationToken).ConfigureAwait(false));
        }

        await CheckResolverAsync(list, cancellationToken).ConfigureAwait(false);
        return list;
    }

    /// <summary>
    /// Makes sure the resident resolver runs (starting it again if it died) while the containers read are running on a
    /// user network. Set by the engine; a lock probe, and only paid when such a container is among those read.
    /// </summary>
    public Func<CancellationToken, Task>? ResolverCheck { get; init; }

    private async Task CheckResolverAsync(IReadOnlyList<ContainerRecord> records, CancellationToken cancellationToken)
    {
        if (ResolverCheck is null
            || !records.Any(r => r.State.Status == ContainerStatus.Running && r.State.Endpoints.Any(e => e.NetworkName != NetworkRecord.DefaultName)))
        {
            return;
        }

        try
        {
            await ResolverCheck(cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException)
        {
            // Reading containers must not fail over name resolution; the next command tries again, and a start on a
            // user network reports the problem.
        }
    }

    internal static EngineException NoSuchContainer(string idOrName) => EngineException.NotFound($"No such container: {idOrName}");

    private Task<FileLock> LockAsync(string id, CancellationToken cancellationToken) =>
        FileLock.AcquireAsync(Path.Combine(paths.Locks, id), exclusive: true, cancellationToken);

    private string RunDir(string id) => paths.ContainerRun(id);

    /// <summary>The container's cgroup, below each hierarchy's root (runc's cgroupsPath).</summary>
    private static string CgroupPath(string id) => "/cais/" + id;

    private string DataDir(string id) => paths.ContainerData(id);

    public string LogPath(string id) => Path.Combine(DataDir(id), "ctr.log");

    /// <summary>
    /// Brings a "running" record up to date when the monitor has recorded an exit or has died (for example the
    /// container was killed from outside while no cais process was around).
    /// </summary>
    private async Task<ContainerRecord> RefreshAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        if (record.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
        {
            return record;
        }

        var exit = runtime.ReadExit(paths.ExitDir, record.Id);
        if (exit is null && (MonitorAlive(record.State) || (record.State.ConmonPid == 0 && SameBoot(record.State))))
        {
            return record;
        }

        return await CleanupAsync(record.Id, cancellationToken).ConfigureAwait(false) ?? record;
    }

    /// <summary>
    /// Whether the container's conmon still runs: its pid names a live process (not a zombie) that started when the
    /// recorded monitor did, in the same boot. A pid alone is not enough: after the monitor died, or after a reboot,
    /// it may name any unrelated process, which would keep the container "Up" forever and be killed by rm.
    /// </summary>
    private static bool MonitorAlive(ContainerStateRecord state)
    {
        if (!SameBoot(state))
        {
            return false;
        }

        var started = ProcessStartTime.Of(state.ConmonPid);
        return started is not null && (state.ConmonStartTime == 0 || started == state.ConmonStartTime);
    }

    private static bool SameBoot(ContainerStateRecord state) => state.BootId is null || state.BootId == ProcessStartTime.BootId;
}
