using System.Globalization;
using Cais.Common;
using Cais.Linux;
using Cais.Snapshots;
using Xunit;

namespace Cais.TestSupport.Snapshots;

/// <summary>
/// The snapshotter contract (<see cref="ISnapshotter"/>), written once and run against every implementation: the
/// copying snapshotter without root (Cais.Core.Tests), overlay as root (Cais.Integration.Tests).
/// </summary>
public abstract class SnapshotterConformance : IDisposable
{
    private readonly TempDirectory _root = new("cais-snapshots");
    private readonly List<string> _opened = [];
    private ISnapshotter? _snapshotter;

    protected ISnapshotter Snapshotter => _snapshotter ??= Create(_root.Combine("store"));

    protected static CancellationToken Token => CancellationToken.None;

    /// <summary>A snapshotter over an empty state directory.</summary>
    protected abstract ISnapshotter Create(string root);

    /// <summary>Makes the snapshot's files reachable (mounting them if the implementation must) and returns where.</summary>
    protected abstract string Open(IReadOnlyList<Mount> mounts, string scratch);

    /// <summary>Undoes <see cref="Open"/>.</summary>
    protected abstract void Close(string path);

    [Fact]
    public async Task Prepare_gives_an_empty_writable_snapshot_that_commit_names()
    {
        var mounts = await Snapshotter.PrepareAsync("first", null, transient: false, Token);
        Assert.Equal(new SnapshotInfo("first", null, SnapshotKind.Active), Snapshotter.Stat("first"));
        var dir = OpenScoped(mounts);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        File.WriteAllText(Path.Combine(dir, "hello"), "12345");
        CloseAll();

        Snapshotter.Commit(Name(1), "first");

        Assert.Null(Snapshotter.Stat("first"));
        Assert.Equal(new SnapshotInfo(Name(1), null, SnapshotKind.Committed), Snapshotter.Stat(Name(1)));
        Assert.Equal(5, Snapshotter.Usage(Name(1)).Size);
        Assert.Throws<EngineException>(() => Snapshotter.Mounts(Name(1)));
    }

    [Fact]
    public async Task A_child_sees_its_parents_files_and_its_writes_stay_its_own()
    {
        await CommitAsync(Name(1), null, ("base", "base"), ("shared", "from base"));
        await CommitAsync(Name(2), Name(1), ("shared", "from child"), ("child", "child"));

        var view = OpenScoped(await Snapshotter.ViewAsync("top", Name(2), Token));
        Assert.Equal("base", File.ReadAllText(Path.Combine(view, "base")));
        Assert.Equal("from child", File.ReadAllText(Path.Combine(view, "shared")));
        Assert.Equal("child", File.ReadAllText(Path.Combine(view, "child")));

        var bottom = OpenScoped(await Snapshotter.ViewAsync("bottom", Name(1), Token));
        Assert.Equal("from base", File.ReadAllText(Path.Combine(bottom, "shared")));
        Assert.False(File.Exists(Path.Combine(bottom, "child")));
        Assert.Equal(new SnapshotInfo(Name(2), Name(1), SnapshotKind.Committed), Snapshotter.Stat(Name(2)));
    }

    [Fact]
    public async Task A_deletion_in_a_child_hides_the_parents_file_from_the_childs_children()
    {
        await CommitAsync(Name(1), null, ("doomed", "x"), ("kept", "y"));
        var dir = OpenScoped(await Snapshotter.PrepareAsync("child", Name(1), transient: false, Token));
        File.Delete(Path.Combine(dir, "doomed"));
        CloseAll();
        Snapshotter.Commit(Name(2), "child");

        var view = OpenScoped(await Snapshotter.ViewAsync("view", Name(2), Token));
        Assert.False(File.Exists(Path.Combine(view, "doomed")));
        Assert.True(File.Exists(Path.Combine(view, "kept")));
    }

    [Fact]
    public async Task A_view_cannot_be_committed()
    {
        await CommitAsync(Name(1), null, ("file", "x"));
        await Snapshotter.ViewAsync("view", Name(1), Token);

        Assert.Equal(SnapshotKind.View, Snapshotter.Stat("view")!.Kind);
        var e = Assert.Throws<EngineException>(() => Snapshotter.Commit(Name(2), "view"));
        Assert.Equal(ErrorKind.FailedPrecondition, e.Kind);
    }

    [Fact]
    public async Task Existing_keys_missing_parents_and_bad_keys_are_refused()
    {
        await Snapshotter.PrepareAsync("taken", null, transient: false, Token);

        Assert.Equal(ErrorKind.AlreadyExists, (await Assert.ThrowsAsync<EngineException>(() => Snapshotter.PrepareAsync("taken", null, false, Token))).Kind);
        Assert.Equal(ErrorKind.NotFound, (await Assert.ThrowsAsync<EngineException>(() => Snapshotter.PrepareAsync("orphan", Name(9), false, Token))).Kind);
        Assert.Null(Snapshotter.Stat("orphan"));
        foreach (var bad in new[] { "../x", "a/b", ".hidden", "" })
        {
            Assert.Equal(ErrorKind.InvalidArgument, (await Assert.ThrowsAsync<EngineException>(() => Snapshotter.PrepareAsync(bad, null, false, Token))).Kind);
        }

        Assert.Equal(ErrorKind.NotFound, Assert.Throws<EngineException>(() => Snapshotter.Commit(Name(3), "missing")).Kind);
    }

    [Fact]
    public async Task Committing_a_name_twice_keeps_the_first_and_drops_the_second()
    {
        await CommitAsync(Name(1), null, ("which", "first"));
        await CommitAsync(Name(1), null, ("which", "second"));

        var view = OpenScoped(await Snapshotter.ViewAsync("view", Name(1), Token));
        Assert.Equal("first", File.ReadAllText(Path.Combine(view, "which")));
        Assert.Equal(2, Snapshotter.Walk().Count); // the committed one and the view: the second active is gone
    }

    [Fact]
    public async Task Remove_deletes_active_and_committed_snapshots_and_a_missing_one_is_fine()
    {
        await CommitAsync(Name(1), null, ("file", "x"));
        await Snapshotter.PrepareAsync("active", Name(1), transient: false, Token);

        Snapshotter.Remove("active");
        Snapshotter.Remove(Name(1));
        Snapshotter.Remove("never-was");
        Snapshotter.Remove(Name(7));

        Assert.Empty(Snapshotter.Walk());
    }

    [Fact]
    public async Task Walk_lists_every_snapshot_with_its_kind_and_parent()
    {
        await CommitAsync(Name(1), null, ("file", "x"));
        await Snapshotter.PrepareAsync("active", Name(1), transient: false, Token);
        await Snapshotter.PrepareAsync("transient", null, transient: true, Token);
        await Snapshotter.ViewAsync("view", Name(1), Token);

        var all = Snapshotter.Walk().OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

        Assert.Equal(
            [
                new SnapshotInfo("active", Name(1), SnapshotKind.Active),
                new SnapshotInfo(Name(1), null, SnapshotKind.Committed),
                new SnapshotInfo("transient", null, SnapshotKind.Active, Transient: true),
                new SnapshotInfo("view", Name(1), SnapshotKind.View),
            ],
            all);
    }

    [Fact]
    public async Task Transient_snapshots_survive_cleanup_while_their_process_lives_and_commit_like_others()
    {
        var dir = OpenScoped(await Snapshotter.PrepareAsync("layer", null, transient: true, Token));
        File.WriteAllText(Path.Combine(dir, "file"), "abc");
        CloseAll();

        Snapshotter.CleanupStale();
        Assert.NotNull(Snapshotter.Stat("layer"));
        Snapshotter.Commit(Name(1), "layer", new CommitOptions(Size: 42));

        Assert.Equal(42, Snapshotter.Usage(Name(1)).Size);
        Assert.Equal(SnapshotKind.Committed, Snapshotter.Stat(Name(1))!.Kind);
    }

    [Fact]
    public async Task A_snapshot_prepared_alone_is_rebased_at_commit_only_where_supported()
    {
        await CommitAsync(Name(1), null, ("base", "x"));
        var dir = OpenScoped(await Snapshotter.PrepareAsync("layer", null, transient: true, Token));
        File.WriteAllText(Path.Combine(dir, "own"), "y");
        CloseAll();

        if (!Snapshotter.SupportsRebase)
        {
            Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<EngineException>(() => Snapshotter.Commit(Name(2), "layer", new CommitOptions(Parent: Name(1)))).Kind);
            return;
        }

        Snapshotter.Commit(Name(2), "layer", new CommitOptions(Parent: Name(1)));

        Assert.Equal(Name(1), Snapshotter.Stat(Name(2))!.Parent);
        var view = OpenScoped(await Snapshotter.ViewAsync("view", Name(2), Token));
        Assert.True(File.Exists(Path.Combine(view, "base")));
        Assert.True(File.Exists(Path.Combine(view, "own")));
    }

    [Fact]
    public async Task Usage_of_an_active_snapshot_grows_with_what_is_written_into_it()
    {
        await CommitAsync(Name(1), null, ("big", new string('x', 1000)));
        var mounts = await Snapshotter.PrepareAsync("active", Name(1), transient: false, Token);
        var before = Snapshotter.Usage("active").Size;
        File.WriteAllText(Path.Combine(OpenScoped(mounts), "small"), "1234567");
        CloseAll();

        Assert.Equal(before + 7, Snapshotter.Usage("active").Size);
        Assert.Equal(1000, Snapshotter.Usage(Name(1)).Size);
    }

    [Fact]
    public async Task Usage_of_a_container_counts_its_own_writes_and_not_its_image()
    {
        await CommitAsync(Name(1), null, ("big", new string('x', 1000)), ("gone", "abc"), ("edited", "12345"));
        var dir = OpenScoped(await Snapshotter.PrepareAsync("ctr", Name(1), transient: false, Token));
        Assert.Equal(0, Snapshotter.Usage("ctr").Size);

        File.WriteAllText(Path.Combine(dir, "new"), "1234567");
        File.WriteAllText(Path.Combine(dir, "edited"), "12");
        File.Delete(Path.Combine(dir, "gone"));
        CloseAll();

        // Docker's SizeRw: the new file and the edited one at their sizes; a deletion (a whiteout) takes nothing.
        Assert.Equal(9, Snapshotter.Usage("ctr").Size);
        Assert.Equal(1008, Snapshotter.Usage(Name(1)).Size);
    }

    [Fact]
    public async Task The_mount_point_is_inside_the_snapshots_own_storage()
    {
        await Snapshotter.PrepareAsync("ctr", null, transient: false, Token);

        var mountPoint = Snapshotter.MountPoint("ctr");

        Assert.True(Directory.Exists(mountPoint));
        Assert.StartsWith(_root.Combine("store"), mountPoint, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        CloseAll();
        _root.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static string Name(int n) => "sha256:" + n.ToString("x64", CultureInfo.InvariantCulture);

    private async Task CommitAsync(string name, string? parent, params (string Path, string Text)[] files)
    {
        var key = "build-" + Guid.NewGuid().ToString("N");
        var dir = OpenScoped(await Snapshotter.PrepareAsync(key, parent, transient: false, Token));
        foreach (var (path, text) in files)
        {
            File.WriteAllText(Path.Combine(dir, path), text);
        }

        CloseAll();
        Snapshotter.Commit(name, key);
    }

    private string OpenScoped(IReadOnlyList<Mount> mounts)
    {
        var scratch = _root.Combine("mnt-" + _opened.Count.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(scratch);
        var path = Open(mounts, scratch);
        _opened.Add(path);
        return path;
    }

    private void CloseAll()
    {
        foreach (var path in _opened)
        {
            Close(path);
        }

        _opened.Clear();
    }
}
