using Cais.Linux;

namespace Cais.Snapshots;

/// <summary>
/// Layer and container filesystems, in containerd's vocabulary.
/// </summary>
/// <remarks>
/// <para>A <em>committed</em> snapshot is read-only and named by a chain ID (so a layer shared by several images exists
/// once). An <em>active</em> snapshot is writable and named by a key: a container's filesystem, or a layer being
/// unpacked. A <em>view</em> is a read-only active snapshot. Committed names are sha256 digests; keys are file-name
/// safe (letters, digits, '_', '-', '.', not starting with '.'), so the two never collide.</para>
/// <para>Order: <see cref="PrepareAsync"/> (or <see cref="ViewAsync"/>) → the caller mounts <see cref="Mounts"/>
/// (<see cref="Mounter"/>) or writes into <see cref="Mounter.WritableDirectory"/> → the caller unmounts →
/// <see cref="Commit"/> (atomic: a snapshot under that name exists complete or not at all) or <see cref="Remove"/>.
/// The snapshotter never mounts anything itself and knows nothing of tar, images or containers.</para>
/// <para>A <em>transient</em> active snapshot belongs to the process that prepared it (a pull unpacking a layer): only
/// that process finds it by key, and <see cref="CleanupStale"/> removes it once that process is gone.</para>
/// </remarks>
public interface ISnapshotter
{
    /// <summary>"overlay" or "vfs" (Docker's name for the copying driver).</summary>
    string Driver { get; }

    /// <summary>
    /// Whether a snapshot prepared without a parent may be committed on top of one (containerd's "rebase"): overlay
    /// layers do not contain their parents' files, so a pull unpacks them side by side. A copying snapshotter's
    /// snapshot holds its parent's whole tree, so it cannot.
    /// </summary>
    bool SupportsRebase { get; }

    /// <summary>
    /// Creates the active snapshot <paramref name="key"/> on top of the committed <paramref name="parent"/> (null:
    /// empty) and returns its mounts. An existing key is refused (<c>AlreadyExists</c>), a missing parent too (<c>NotFound</c>).
    /// </summary>
    Task<IReadOnlyList<Mount>> PrepareAsync(string key, string? parent, bool transient, CancellationToken cancellationToken);

    /// <summary>Like <see cref="PrepareAsync"/>, but read-only: a view cannot be committed.</summary>
    Task<IReadOnlyList<Mount>> ViewAsync(string key, string? parent, CancellationToken cancellationToken);

    /// <summary>The mounts of an active snapshot or view (<c>NotFound</c> for anything else).</summary>
    IReadOnlyList<Mount> Mounts(string key);

    /// <summary>
    /// An empty directory of the snapshot's own where the caller may mount it (overlay: <c>merged</c>, where earlier
    /// versions mounted containers; the copying snapshotter: the snapshot's tree itself, which needs no mount).
    /// </summary>
    string MountPoint(string key);

    /// <summary>
    /// Makes the active snapshot <paramref name="key"/> the committed snapshot <paramref name="name"/>; the key is gone
    /// afterwards. If <paramref name="name"/> exists already (another pull committed the same layer), ours is dropped.
    /// </summary>
    void Commit(string name, string key, CommitOptions? options = null);

    /// <summary>Deletes a committed snapshot or an active one (unmounted by the caller); a missing one is fine.</summary>
    void Remove(string key);

    /// <summary>What the snapshot is, or null when there is none under that name or key.</summary>
    SnapshotInfo? Stat(string key);

    /// <summary>
    /// Bytes the snapshot's own files take, counted as Docker counts a layer (apparent sizes of everything but
    /// directories, hard links once): overlay walks its upper layer, the copying snapshotter compares its copy with its
    /// parent's. A committed one's as recorded at commit; 0 for an unknown one. Walks a tree: never on a hot path.
    /// </summary>
    SnapshotUsage Usage(string key);

    /// <summary>Every committed snapshot, then every active one and view.</summary>
    IReadOnlyList<SnapshotInfo> Walk();

    /// <summary>Removes what processes that died mid-way left: half-removed snapshots and their transient snapshots.</summary>
    void CleanupStale();
}
