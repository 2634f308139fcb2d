using Cais.Linux;

namespace Cais.Containers;

/// <summary>
/// A container's root filesystem is the active snapshot keyed by its ID; the snapshotter describes its mounts and
/// this service mounts them (where earlier versions mounted it, so containers they started are unmounted alike).
/// </summary>
public sealed partial class ContainerService
{
    private async Task CreateRootfsAsync(string id, string? imageTopChainId, CancellationToken cancellationToken) =>
        await snapshotter.PrepareAsync(id, imageTopChainId, transient: false, cancellationToken).ConfigureAwait(false);

    private string MountRootfs(string id)
    {
        var target = snapshotter.MountPoint(id);
        Mounter.EnsureMounted(snapshotter.Mounts(id), target);
        return target;
    }

    private void UnmountRootfs(string id)
    {
        if (snapshotter.Stat(id) is not null)
        {
            Mounter.UnmountAll(snapshotter.MountPoint(id));
        }
    }

    private void RemoveRootfs(string id)
    {
        UnmountRootfs(id);
        snapshotter.Remove(id);
    }
}
