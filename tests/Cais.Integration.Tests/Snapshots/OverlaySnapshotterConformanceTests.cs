using Cais.Linux;
using Cais.Snapshots;
using Cais.TestSupport;
using Cais.TestSupport.Snapshots;

namespace Cais.Integration.Tests.Snapshots;

/// <summary>The snapshotter contract against overlay, as root: every snapshot is mounted through the <see cref="Mounter"/>.</summary>
public sealed class OverlaySnapshotterConformanceTests : SnapshotterConformance
{
    public OverlaySnapshotterConformanceTests() => Requires.Root();

    protected override ISnapshotter Create(string root) => new OverlaySnapshotter(root);

    protected override string Open(IReadOnlyList<Mount> mounts, string scratch)
    {
        Mounter.EnsureMounted(mounts, scratch);
        return scratch;
    }

    protected override void Close(string path) => Mounter.UnmountAll(path);
}
