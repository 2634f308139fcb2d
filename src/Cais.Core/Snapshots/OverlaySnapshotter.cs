using Cais.Linux;

namespace Cais.Snapshots;

/// <summary>
/// overlayfs: each committed layer is its own lower directory (whiteouts stored as overlay whiteouts), and an active
/// snapshot adds an upper and a work directory. Layers do not depend on their parent's files, so they unpack in
/// parallel (prepared without a parent, committed onto it: <see cref="SupportsRebase"/>). Mounting any number of
/// lowers up to <see cref="MaxLayers"/> is the <see cref="Mounter"/>'s job.
/// </summary>
public sealed class OverlaySnapshotter : DirectorySnapshotter
{
    /// <summary>
    /// overlayfs stacks at most 500 lower directories (OVL_MAX_STACK in the kernel); an image with more layers
    /// cannot be mounted however they are passed.
    /// </summary>
    public const int MaxLayers = 500;

    public OverlaySnapshotter(string root)
        : base(root, "upper")
    {
    }

    public override string Driver => "overlay";

    public override bool SupportsRebase => true;

    public override Task<IReadOnlyList<Mount>> PrepareAsync(string key, string? parent, bool transient, CancellationToken cancellationToken)
    {
        // A container gets a mount point and an empty lower for an image without layers (overlay needs a lower);
        // a transient layer only what mounting it needs: nothing without a parent (it is written in place).
        string[] extra = transient ? (parent is null ? [] : ["work"]) : ["work", "merged", "empty"];
        return Task.FromResult(MountsOf(Store.Create(key, parent, SnapshotKind.Active, transient, extra)));
    }

    public override Task<IReadOnlyList<Mount>> ViewAsync(string key, string? parent, CancellationToken cancellationToken) =>
        Task.FromResult(MountsOf(Store.Create(key, parent, SnapshotKind.View, transient: false, ["merged"])));

    public override IReadOnlyList<Mount> Mounts(string key) => MountsOf(Store.Get(key));

    public override string MountPoint(string key)
    {
        var snapshot = Store.Get(key);
        var mountPoint = snapshot.Sub("merged");
        if (snapshot.Transient)
        {
            Directory.CreateDirectory(mountPoint); // Not made at prepare: a pull writes layers without mounting them.
        }

        return mountPoint;
    }


    private IReadOnlyList<Mount> MountsOf(ActiveSnapshot snapshot)
    {
        var lowers = snapshot.Parent is null ? [] : Store.ChainTopFirst(snapshot.Parent).Select(Store.CommittedFs).ToList();
        if (snapshot.Kind == SnapshotKind.View)
        {
            return lowers.Count switch
            {
                0 => [Mount.Bind(snapshot.Data, readOnly: true)],
                1 => [Mount.Bind(lowers[0], readOnly: true)],
                _ => [new Mount("overlay", "overlay", ["lowerdir=" + Mount.JoinLowerDirs(lowers), "ro"])],
            };
        }

        if (lowers.Count == 0)
        {
            if (snapshot.Transient)
            {
                return [Mount.Bind(snapshot.Data, readOnly: false)];
            }

            lowers.Add(snapshot.Sub("empty"));
        }

        return [new Mount("overlay", "overlay", ["lowerdir=" + Mount.JoinLowerDirs(lowers), "upperdir=" + snapshot.Data, "workdir=" + snapshot.Sub("work")])];
    }

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

                Linux.Mounts.Mount("overlay", Path.Combine(probe, "merged"), "overlay", 0,
                    $"lowerdir={Path.Combine(probe, "lower")},upperdir={Path.Combine(probe, "upper")},workdir={Path.Combine(probe, "work")}");
                Linux.Mounts.Unmount(Path.Combine(probe, "merged"));
                return true;
            }
            finally
            {
                SnapshotStore.DeleteTree(probe);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Common.EngineException)
        {
            return false;
        }
    }
}
