using Cais.Archive;
using Cais.Linux;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Archive;

/// <summary>
/// The layer writer on a real overlay upper directory (root: overlayfs writes whiteouts as 0/0 devices and opaque
/// directories as trusted xattrs): the written layer, applied onto the lower tree, reproduces what the overlay
/// showed; applied as an overlay layer and mounted, too.
/// </summary>
public sealed class LayerWriterOverlayTests : IDisposable
{
    private readonly TempDirectory _dir = new("cais-layerwriter-overlay");

    public LayerWriterOverlayTests() => Requires.Root();

    [Fact]
    public async Task The_changes_of_an_upper_directory_round_trip_through_the_applier()
    {
        var lower = _dir.Combine("lower");
        Directory.CreateDirectory(Path.Combine(lower, "dir"));
        Directory.CreateDirectory(Path.Combine(lower, "opaque"));
        File.WriteAllText(Path.Combine(lower, "file"), "deleted in the upper");
        File.WriteAllText(Path.Combine(lower, "dir/a"), "a");
        File.WriteAllText(Path.Combine(lower, "dir/b"), "b");
        File.WriteAllText(Path.Combine(lower, "opaque/x"), "hidden once the directory is made anew");

        var merged = Mount(lower, "upper");
        File.Delete(Path.Combine(merged, "file"));
        File.Delete(Path.Combine(merged, "dir/b"));
        File.WriteAllText(Path.Combine(merged, "dir/a"), "changed");
        File.WriteAllText(Path.Combine(merged, "dir/c"), "new");
        Directory.Delete(Path.Combine(merged, "opaque"), recursive: true);
        Directory.CreateDirectory(Path.Combine(merged, "opaque"));
        File.WriteAllText(Path.Combine(merged, "opaque/z"), "z");
        File.CreateSymbolicLink(Path.Combine(merged, "link"), "dir/c");
        File.WriteAllText(Path.Combine(merged, "hard1"), "linked");
        LayerRoundTrip.HardLink(Path.Combine(merged, "hard1"), Path.Combine(merged, "hard2"));
        File.SetUnixFileMode(Path.Combine(merged, "hard1"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var expected = TreeListing.Of(merged);
        Mounter.UnmountAll(merged);

        using var blob = new MemoryStream();
        var layer = await LayerWriter.WriteOverlayUpperAsync(_dir.Combine("upper"), blob, CancellationToken.None);

        var names = await LayerRoundTrip.VerifyAsync(layer, blob.ToArray());
        Assert.Contains(".wh.file", names);
        Assert.Contains("dir/.wh.b", names);
        Assert.Contains("opaque/.wh..wh..opq", names);
        Assert.Equal("hard2", Assert.Single(names, n => n.StartsWith("hard", StringComparison.Ordinal) && n != "hard1"));

        var copied = _dir.Combine("applied");
        LayerRoundTrip.Copy(lower, copied);
        await LayerRoundTrip.ApplyAsync(blob.ToArray(), copied, LayerApplyMode.Naive);
        Assert.Equal(expected, TreeListing.Of(copied));

        var reapplied = _dir.Combine("upper2");
        Directory.CreateDirectory(reapplied);
        await LayerRoundTrip.ApplyAsync(blob.ToArray(), reapplied, LayerApplyMode.Overlay);
        var remounted = Mount(lower, "upper2");
        Assert.Equal(expected, TreeListing.Of(remounted));
        Mounter.UnmountAll(remounted);
    }

    public void Dispose()
    {
        Mounter.UnmountAll(_dir.Path);
        _dir.Dispose();
    }

    private string Mount(string lower, string upper)
    {
        var work = _dir.Combine("work-" + upper);
        var merged = _dir.Combine("merged-" + upper);
        Directory.CreateDirectory(_dir.Combine(upper));
        Directory.CreateDirectory(work);
        Directory.CreateDirectory(merged);
        Mounter.Apply(new Mount("overlay", "overlay", ["lowerdir=" + Cais.Linux.Mount.JoinLowerDirs([lower]), "upperdir=" + _dir.Combine(upper), "workdir=" + work]), merged);
        return merged;
    }
}
