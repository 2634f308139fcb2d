using Cais.Linux;

namespace Cais.Snapshots;

/// <summary>
/// What both snapshotters share: the on-disk layout (<see cref="SnapshotStore"/>) and every operation that does not
/// depend on how a snapshot is mounted.
/// </summary>
public abstract class DirectorySnapshotter : ISnapshotter
{
    private protected DirectorySnapshotter(string root, string activeData) => Store = new SnapshotStore(root, activeData);

    public abstract string Driver { get; }

    public abstract bool SupportsRebase { get; }

    private protected SnapshotStore Store { get; }

    public abstract Task<IReadOnlyList<Mount>> PrepareAsync(string key, string? parent, bool transient, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<Mount>> ViewAsync(string key, string? parent, CancellationToken cancellationToken);

    public abstract IReadOnlyList<Mount> Mounts(string key);

    public abstract string MountPoint(string key);

    public void Commit(string name, string key, CommitOptions? options = null) => Store.Commit(name, key, options, SupportsRebase);

    public void Remove(string key) => Store.Remove(key);

    public SnapshotInfo? Stat(string key) => Store.Stat(key);

    public virtual SnapshotUsage Usage(string key) => Store.Usage(key);

    public IReadOnlyList<SnapshotInfo> Walk() => Store.Walk();

    public void CleanupStale() => Store.CleanupStale();
}
