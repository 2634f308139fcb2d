using Cais.Common;
using Cais.Linux;
using Cais.Linux.Commands;

namespace Cais.Snapshots;

/// <summary>
/// The copying snapshotter (Docker's "vfs"): every snapshot holds a full copy of its tree, so its mounts are a bind
/// of a plain directory. Slow and large, but it works on any filesystem and needs no mount privileges.
/// </summary>
public sealed class NaiveSnapshotter : DirectorySnapshotter
{
    private readonly ICommandRunner _commands;

    public NaiveSnapshotter(string root, ICommandRunner? commands = null)
        : base(root, "rootfs")
    {
        _commands = commands ?? NativeCommandRunner.Instance;
    }

    public override string Driver => "vfs";

    public override bool SupportsRebase => false;

    public override Task<IReadOnlyList<Mount>> PrepareAsync(string key, string? parent, bool transient, CancellationToken cancellationToken) =>
        CreateAsync(key, parent, SnapshotKind.Active, transient, cancellationToken);

    public override Task<IReadOnlyList<Mount>> ViewAsync(string key, string? parent, CancellationToken cancellationToken) =>
        CreateAsync(key, parent, SnapshotKind.View, transient: false, cancellationToken);

    public override IReadOnlyList<Mount> Mounts(string key) => MountsOf(Store.Get(key));

    // The tree is a plain directory: runc bind-mounts it itself, so nothing needs mounting for a container.
    public override string MountPoint(string key) => Store.Get(key).Data;

    /// <summary>
    /// An active snapshot's own changes, found by comparing its copy with its parent's tree: Docker's vfs driver
    /// reports a container's writable layer so too, not the copy of its image that it started from.
    /// </summary>
    public override SnapshotUsage Usage(string key) =>
        Store.Find(key) is { Parent: { } parent } snapshot && Store.IsCommitted(parent)
            ? new SnapshotUsage(TreeUsage.MeasureChanges(snapshot.Data, Store.CommittedFs(parent)))
            : base.Usage(key);

    private async Task<IReadOnlyList<Mount>> CreateAsync(string key, string? parent, SnapshotKind kind, bool transient, CancellationToken cancellationToken)
    {
        var snapshot = Store.Create(key, parent, kind, transient, []);
        if (parent is not null)
        {
            try
            {
                await CopyTreeAsync(Store.CommittedFs(parent), snapshot.Data, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                SnapshotStore.DeleteTree(snapshot.Directory);
                throw;
            }
        }

        return MountsOf(snapshot);
    }

    private static IReadOnlyList<Mount> MountsOf(ActiveSnapshot snapshot) => [Mount.Bind(snapshot.Data, snapshot.Kind == SnapshotKind.View)];

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
}
