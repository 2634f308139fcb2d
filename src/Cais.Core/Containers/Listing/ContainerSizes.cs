using Cais.Snapshots;

namespace Cais.Containers.Listing;

/// <summary>
/// Docker's <c>SizeRw</c> and <c>SizeRootFs</c> of a container: its writable layer (the snapshot keyed by its ID), and
/// that layer plus every image layer beneath it, as each was recorded when it was committed. Walks the writable
/// layer's files, so only <c>ps --size</c> and <c>inspect --size</c> pay for it.
/// </summary>
public static class ContainerSizes
{
    // The snapshot store refuses longer chains; this only keeps a damaged record from looping.
    private const int MaxLayers = 500;

    public static (long SizeRw, long SizeRootFs) Of(string containerId, ISnapshotter snapshotter)
    {
        ArgumentNullException.ThrowIfNull(snapshotter);
        if (snapshotter.Stat(containerId) is not { } snapshot)
        {
            return (0, 0);
        }

        var rw = snapshotter.Usage(containerId).Size;
        var image = 0L;
        var depth = 0;
        for (var layer = snapshot.Parent; layer is not null && depth < MaxLayers; layer = snapshotter.Stat(layer)?.Parent, depth++)
        {
            image += snapshotter.Usage(layer).Size;
        }

        return (rw, rw + image);
    }
}
