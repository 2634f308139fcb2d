using Cais.Common;
using Cais.Linux.Commands;

namespace Cais.Snapshots;

/// <summary>
/// The plain-copy fallback (Docker's "vfs"): every layer and every container holds a full copy of its tree.
/// Slow and large, but it works on any filesystem and needs no mount privileges.
/// </summary>
public sealed class NaiveSnapshotter : ISnapshotter
{
    private readonly LayerDirectory _layers;
    private readonly string _containers;
    private readonly ICommandRunner _commands;

    public NaiveSnapshotter(string root, ICommandRunner? commands = null)
    {
        _commands = commands ?? NativeCommandRunner.Instance;
        _layers = new LayerDirectory(root);
        _containers = Path.Combine(root, "containers");
        Directory.CreateDirectory(_containers);
    }

    public string Driver => "vfs";

    public bool LayersAreIndependent => false;

    public bool LayerExists(string chainId) => _layers.Exists(chainId);

    public long LayerSize(string chainId) => _layers.SizeOf(chainId);

    public async Task<PreparedLayer> PrepareLayerAsync(string chainId, string? parentChainId, CancellationToken cancellationToken)
    {
        var layer = _layers.NewTemporary(chainId, parentChainId);
        if (parentChainId is not null)
        {
            await CopyTreeAsync(_layers.FsOf(parentChainId), layer.Directory, cancellationToken).ConfigureAwait(false);
        }

        return layer;
    }

    public void CommitLayer(PreparedLayer layer, long size) => _layers.Commit(layer, size);

    public void AbortLayer(PreparedLayer layer) => _layers.Abort(layer);

    public void RemoveLayer(string chainId) => _layers.Remove(chainId);

    public IReadOnlyList<string> ListLayers() => _layers.List();

    public async Task CreateContainerAsync(string containerId, string? parentChainId, CancellationToken cancellationToken)
    {
        var rootfs = ContainerRootfs(containerId);
        Directory.CreateDirectory(rootfs);
        if (parentChainId is not null)
        {
            await CopyTreeAsync(_layers.FsOf(parentChainId), rootfs, cancellationToken).ConfigureAwait(false);
        }
    }

    public string ContainerRootfs(string containerId) => Path.Combine(_containers, containerId, "rootfs");

    // The rootfs is a plain directory; runc bind-mounts it itself.
    public string MountContainer(string containerId) => ContainerRootfs(containerId);

    public void UnmountContainer(string containerId)
    {
    }

    public void RemoveContainer(string containerId) => LayerDirectory.DeleteTree(Path.Combine(_containers, containerId));

    public void CleanupStale() => _layers.CleanupStale();

    /// <summary>Copies a tree with owners, modes, times, links, devices and xattrs (GNU cp -a does all of it, reflinking where it can).</summary>
    private async Task CopyTreeAsync(string source, string destination, CancellationToken cancellationToken)
    {
        var result = await _commands.RunAsync(
            new CommandRequest { Program = ExecutableSearch.Find("cp"), Arguments = ["-a", "--reflink=auto", source + "/.", destination] },
            cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new EngineException(ErrorKind.Unknown, $"copying {source} to {destination} failed: {result.Stderr.Trim()}");
        }
    }

    public IReadOnlyList<string> ListContainers() =>
        Directory.Exists(_containers) ? Directory.EnumerateDirectories(_containers).Select(d => Path.GetFileName(d)).ToList() : [];
}
