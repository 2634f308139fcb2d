using System.Globalization;
using System.Text;
using Cais.Linux;

namespace Cais.Snapshots;

/// <summary>
/// overlayfs: each layer is its own lower directory (whiteouts stored as overlay whiteouts), and a container adds
/// an upper and a work directory. Layers do not depend on their parent's files, so they unpack in parallel.
/// </summary>
public sealed class OverlaySnapshotter : ISnapshotter
{
    /// <summary>
    /// overlayfs stacks at most 500 lower directories (OVL_MAX_STACK in the kernel); an image with more layers
    /// cannot be mounted however they are passed.
    /// </summary>
    public const int MaxLayers = 500;

    private readonly LayerDirectory _layers;
    private readonly string _containers;

    public OverlaySnapshotter(string root)
    {
        _layers = new LayerDirectory(root);
        _containers = Path.Combine(root, "containers");
        Directory.CreateDirectory(_containers);
    }

    public string Driver => "overlay";

    public bool LayersAreIndependent => true;

    public bool LayerExists(string chainId) => _layers.Exists(chainId);

    public long LayerSize(string chainId) => _layers.SizeOf(chainId);

    public Task<PreparedLayer> PrepareLayerAsync(string chainId, string? parentChainId, CancellationToken cancellationToken) =>
        Task.FromResult(_layers.NewTemporary(chainId, parentChainId));

    public void CommitLayer(PreparedLayer layer, long size) => _layers.Commit(layer, size);

    public void AbortLayer(PreparedLayer layer) => _layers.Abort(layer);

    public void RemoveLayer(string chainId) => _layers.Remove(chainId);

    public IReadOnlyList<string> ListLayers() => _layers.List();

    public Task CreateContainerAsync(string containerId, string? parentChainId, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(_containers, containerId);
        Directory.CreateDirectory(Path.Combine(dir, "upper"));
        Directory.CreateDirectory(Path.Combine(dir, "work"));
        Directory.CreateDirectory(Path.Combine(dir, "merged"));
        Directory.CreateDirectory(Path.Combine(dir, "empty"));
        File.WriteAllText(Path.Combine(dir, "parent"), parentChainId ?? "");
        return Task.CompletedTask;
    }

    public string ContainerRootfs(string containerId) => Path.Combine(_containers, containerId, "merged");

    public string MountContainer(string containerId)
    {
        var dir = Path.Combine(_containers, containerId);
        var merged = Path.Combine(dir, "merged");
        if (Mounts.IsMountPoint(merged))
        {
            return merged;
        }

        var parent = File.ReadAllText(Path.Combine(dir, "parent")).Trim();
        var lowers = parent.Length == 0 ? [Path.Combine(dir, "empty")] : _layers.ChainTopFirst(parent).Select(c => _layers.FsOf(c)).ToList();
        var fds = new List<int>(lowers.Count);
        try
        {
            var options = new StringBuilder("lowerdir=");
            foreach (var lower in lowers)
            {
                var fd = Mounts.OpenPath(lower);
                fds.Add(fd);
                if (fds.Count > 1)
                {
                    options.Append(':');
                }

                options.Append(ProcFd(fd));
            }

            options.Append(CultureInfo.InvariantCulture, $",upperdir={Path.Combine(dir, "upper")},workdir={Path.Combine(dir, "work")}");

            // mount(2) reads its options from one page: enough for about 200 layers as /proc/self/fd/N. Images with
            // more layers are mounted one layer per call (the usual case keeps the single, well-trodden syscall).
            if (options.Length < Environment.SystemPageSize)
            {
                Mounts.Mount("overlay", merged, "overlay", 0, options.ToString());
            }
            else
            {
                MountLayered(fds, dir, merged);
            }
        }
        finally
        {
            foreach (var fd in fds)
            {
                Mounts.Close(fd);
            }
        }

        return merged;
    }

    private static void MountLayered(List<int> lowerFds, string dir, string merged)
    {
        var upper = Mounts.OpenPath(Path.Combine(dir, "upper"));
        try
        {
            var work = Mounts.OpenPath(Path.Combine(dir, "work"));
            try
            {
                // fsconfig strings are capped at 256 bytes: descriptors keep every path short whatever the root.
                LayeredOverlayMount.Mount(lowerFds.Select(ProcFd).ToList(), ProcFd(upper), ProcFd(work), merged);
            }
            finally
            {
                Mounts.Close(work);
            }
        }
        finally
        {
            Mounts.Close(upper);
        }
    }

    private static string ProcFd(int fd) => string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{fd}");

    public void UnmountContainer(string containerId)
    {
        var merged = ContainerRootfs(containerId);
        foreach (var point in Mounts.MountsUnder(merged))
        {
            Mounts.Unmount(point, detach: true);
        }
    }

    public void RemoveContainer(string containerId)
    {
        UnmountContainer(containerId);
        LayerDirectory.DeleteTree(Path.Combine(_containers, containerId));
    }

    public void CleanupStale() => _layers.CleanupStale();

    /// <summary>Whether overlayfs is available here: listed by the kernel and mountable on this root's filesystem.</summary>
    public static bool IsSupported(string root)
    {
        try
        {
            if (!File.ReadAllText("/proc/filesystems").Contains("\toverlay\n", StringComparison.Ordinal))
            {
                return false;
            }

            var probe = Path.Combine(root, $"overlay-probe-{Environment.ProcessId}");
            try
            {
                foreach (var sub in new[] { "lower", "upper", "work", "merged" })
                {
                    Directory.CreateDirectory(Path.Combine(probe, sub));
                }

                Mounts.Mount("overlay", Path.Combine(probe, "merged"), "overlay", 0,
                    $"lowerdir={Path.Combine(probe, "lower")},upperdir={Path.Combine(probe, "upper")},workdir={Path.Combine(probe, "work")}");
                Mounts.Unmount(Path.Combine(probe, "merged"));
                return true;
            }
            finally
            {
                LayerDirectory.DeleteTree(probe);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Common.EngineException)
        {
            return false;
        }
    }

    public IReadOnlyList<string> ListContainers() =>
        Directory.Exists(_containers) ? Directory.EnumerateDirectories(_containers).Select(d => Path.GetFileName(d)).ToList() : [];
}
