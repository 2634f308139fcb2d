using Cais.Common;
using Cais.Containers.State;
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
/// Every public method that acts on a container takes that container's lock (a file lock, so it also excludes other
/// cais processes), never two containers' locks at once; methods named <c>*Locked</c> assume it is held. The order
/// against the other locks is in docs/design/locking.md. Reads never lock: a record that says "running" but whose
/// monitor has reported an exit is brought up to date on read (<see cref="RefreshAsync"/>). What each status allows is
/// asked of <see cref="ContainerTransitions"/>, status changes are made by <see cref="ContainerStates"/>, and whether
/// a container still runs by <see cref="ContainerLiveness"/>.
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
            || !records.Any(r => r.State.Status.IsUp() && r.State.Endpoints.Any(e => e.NetworkName != NetworkRecord.DefaultName)))
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
    /// Takes the container's lock and reads its record again under it, brought up to date (<see cref="RefreshLockedAsync"/>).
    /// The record is null when the container went meanwhile (removed, or cleaned up with --rm just now).
    /// </summary>
    private async Task<(FileLock Hold, ContainerRecord Found, ContainerRecord? Current)> LockCurrentAsync(string idOrName, CancellationToken cancellationToken)
    {
        var found = containers.Find(idOrName) ?? throw NoSuchContainer(idOrName);
        var hold = await LockAsync(found.Id, cancellationToken).ConfigureAwait(false);
        try
        {
            var current = containers.GetById(found.Id);
            return (hold, found, current is null ? null : await RefreshLockedAsync(current, cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            hold.Dispose();
            throw;
        }
    }

    private bool ExitRecorded(string id) => runtime.ReadExit(paths.ExitDir, id) is not null;

    /// <summary>
    /// Brings a "running" record up to date when the monitor has recorded an exit or has died (for example the
    /// container was killed from outside while no cais process was around).
    /// </summary>
    private async Task<ContainerRecord> RefreshAsync(ContainerRecord record, CancellationToken cancellationToken) =>
        HasEndedUnrecorded(record) ? await CleanupAsync(record.Id, cancellationToken).ConfigureAwait(false) ?? record : record;

    /// <summary><see cref="RefreshAsync"/> with the lock held; null when the cleanup removed the container (--rm).</summary>
    private async Task<ContainerRecord?> RefreshLockedAsync(ContainerRecord record, CancellationToken cancellationToken) =>
        HasEndedUnrecorded(record) ? await CleanupLockedAsync(record, cancellationToken).ConfigureAwait(false) : record;

    /// <summary>Recorded up, but its monitor recorded an exit or is gone (<see cref="ContainerLiveness.StillUp(ContainerStateRecord, bool)"/>).</summary>
    private bool HasEndedUnrecorded(ContainerRecord record) =>
        record.State.Status.IsUp() && !ContainerLiveness.StillUp(record.State, ExitRecorded(record.Id));

    /// <summary>
    /// A container's record as it stands, read without its lock and without writing: an up record whose monitor is
    /// gone reads as exited. For callers that hold another container's lock (see docs/design/locking.md).
    /// </summary>
    private ContainerRecord ReadWithoutLock(string idOrName)
    {
        var record = containers.Find(idOrName) ?? throw NoSuchContainer(idOrName);
        var exit = ConmonRuntime.ReadExit(paths.ExitDir, record.Id);
        if (!record.State.Status.IsUp() || ContainerLiveness.StillUp(record.State, exit is not null))
        {
            return record;
        }

        return record with
        {
            State = ContainerStates.Exited(record.State, exit?.ExitCode ?? 255, exit?.ExitedAt ?? DateTimeOffset.UtcNow, ""),
        };
    }
}
