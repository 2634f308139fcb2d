using Cais.Linux;
using Cais.Snapshots;
using Cais.TestSupport.Snapshots;

namespace Cais.Core.Tests.Snapshots;

/// <summary>The snapshotter contract against the copying snapshotter, without root: its mounts are plain directories.</summary>
public sealed class NaiveSnapshotterConformanceTests : SnapshotterConformance
{
    protected override ISnapshotter Create(string root) => new NaiveSnapshotter(root);

    protected override string Open(IReadOnlyList<Mount> mounts, string scratch)
    {
        var bind = Assert.Single(mounts);
        Assert.Equal("bind", bind.Type);
        return bind.Source;
    }

    protected override void Close(string path)
    {
    }
}
