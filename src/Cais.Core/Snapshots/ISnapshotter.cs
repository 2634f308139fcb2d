namespace Cais.Snapshots;

/// <summary>
/// Layer and container filesystems.
/// </summary>
/// <remarks>
/// Vocabulary: a <em>layer</em> is committed, read-only and named by its chain ID (so a layer shared by several
/// images exists once); a <em>container snapshot</em> is the writable filesystem of one container on top of a layer.
/// Order: <see cref="PrepareLayer"/> → write the layer's files into <see cref="PreparedLayer.Directory"/> →
/// <see cref="CommitLayer"/> (atomic: a crash before it leaves only a temporary directory that
/// <see cref="CleanupStale"/> removes) or <see cref="AbortLayer"/>. The snapshotter knows nothing of tar or images.
/// </remarks>
public interface ISnapshotter
{
    /// <summary>"overlay" or "vfs" (Docker's name for the plain-copy driver).</summary>
    string Driver { get; }

    /// <summary>Whether layers are applied on their own (overlay: yes, in parallel) or on a copy of their parent (vfs).</summary>
    bool LayersAreIndependent { get; }

    bool LayerExists(string chainId);

    /// <summary>Bytes the layer's own files take (recorded at commit); 0 for an unknown layer.</summary>
    long LayerSize(string chainId);

    /// <summary>Starts a layer. For vfs the directory already holds a copy of the parent's tree.</summary>
    Task<PreparedLayer> PrepareLayerAsync(string chainId, string? parentChainId, CancellationToken cancellationToken);

    /// <summary>Makes the layer visible under its chain ID. If another process committed it first, ours is dropped.</summary>
    void CommitLayer(PreparedLayer layer, long size);

    void AbortLayer(PreparedLayer layer);

    /// <summary>Deletes a committed layer (the caller has checked nothing uses it).</summary>
    void RemoveLayer(string chainId);

    IReadOnlyList<string> ListLayers();

    /// <summary>Creates the writable snapshot of a container on top of <paramref name="parentChainId"/> (null: empty).</summary>
    Task CreateContainerAsync(string containerId, string? parentChainId, CancellationToken cancellationToken);

    /// <summary>Mounts the container's root filesystem (idempotent) and returns its path.</summary>
    string MountContainer(string containerId);

    /// <summary>Unmounts the container's root filesystem; not mounted is fine.</summary>
    void UnmountContainer(string containerId);

    /// <summary>Unmounts and deletes the container's snapshot; a missing one is fine.</summary>
    void RemoveContainer(string containerId);

    /// <summary>Where the container's root filesystem appears once mounted.</summary>
    string ContainerRootfs(string containerId);

    /// <summary>Removes temporary directories left by processes that died mid-way.</summary>
    void CleanupStale();

    /// <summary>The IDs of the container snapshots that exist, for sweeping those whose container record is gone.</summary>
    IReadOnlyList<string> ListContainers();
}
