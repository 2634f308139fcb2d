using Cais.Archive;
using Cais.TestSupport;

namespace Cais.Core.Tests.Archive;

/// <summary>
/// The layer writer against the layer applier, on the copying snapshotter's two trees: applying the layer written
/// from the difference of lower and upper onto lower reproduces upper (deletions travel as whiteouts).
/// </summary>
public sealed class LayerWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new("cais-layerwriter");

    private string Lower => _dir.Combine("lower");

    private string Upper => _dir.Combine("upper");

    [Fact]
    public async Task Applying_the_diff_of_two_trees_onto_the_lower_reproduces_the_upper()
    {
        MakeLower();
        LayerRoundTrip.Copy(Lower, Upper);
        File.WriteAllText(P(Upper, "modify.txt"), "new and longer content");
        File.Delete(P(Upper, "delete.txt"));
        Directory.Delete(P(Upper, "gone"), recursive: true);
        File.Delete(P(Upper, "dir/b"));
        File.WriteAllText(P(Upper, "dir/c"), "c");
        Directory.CreateDirectory(P(Upper, "new/deep"));
        File.WriteAllText(P(Upper, "new/deep/file"), "deep");
        File.SetUnixFileMode(P(Upper, "new/deep/file"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        File.SetUnixFileMode(P(Upper, "mode.txt"), UnixFileMode.UserRead);
        File.WriteAllText(P(Upper, "setuid"), "#!/bin/sh\n");
        File.SetUnixFileMode(P(Upper, "setuid"), UnixFileMode.SetUser | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute);
        File.CreateSymbolicLink(P(Upper, "newlink"), "dir/c");
        File.WriteAllText(P(Upper, "hard1"), "linked");
        LayerRoundTrip.HardLink(P(Upper, "hard1"), P(Upper, "hard2"));
        File.Delete(P(Upper, "replaced"));
        Directory.CreateDirectory(P(Upper, "replaced"));
        File.WriteAllText(P(Upper, "replaced/inner"), "inner");

        using var blob = new MemoryStream();
        var layer = await LayerWriter.WriteDiffAsync(Lower, Upper, blob, CancellationToken.None);

        var names = await LayerRoundTrip.VerifyAsync(layer, blob.ToArray());
        Assert.Contains(".wh.delete.txt", names);
        Assert.Contains(".wh.gone", names);
        Assert.Contains("dir/.wh.b", names);
        Assert.DoesNotContain(names, n => n.StartsWith(".wh.gone/", StringComparison.Ordinal) || n.StartsWith("gone/", StringComparison.Ordinal));
        Assert.DoesNotContain("same.txt", names);
        Assert.DoesNotContain("link", names);
        Assert.Contains(names, n => n == "dir/" || n == "dir");

        var applied = _dir.Combine("applied");
        LayerRoundTrip.Copy(Lower, applied);
        await LayerRoundTrip.ApplyAsync(blob.ToArray(), applied, LayerApplyMode.Naive);
        Assert.Equal(TreeListing.Of(Upper), TreeListing.Of(applied));
    }

    [Fact]
    public async Task Identical_trees_give_an_empty_layer()
    {
        MakeLower();
        LayerRoundTrip.Copy(Lower, Upper);

        using var blob = new MemoryStream();
        var layer = await LayerWriter.WriteDiffAsync(Lower, Upper, blob, CancellationToken.None);

        Assert.Empty(await LayerRoundTrip.VerifyAsync(layer, blob.ToArray()));
    }

    [Fact]
    public async Task A_tree_against_an_empty_one_is_written_whole_and_applies_onto_nothing()
    {
        MakeLower();
        Directory.CreateDirectory(_dir.Combine("empty"));

        using var blob = new MemoryStream();
        var layer = await LayerWriter.WriteDiffAsync(_dir.Combine("empty"), Lower, blob, CancellationToken.None);
        await LayerRoundTrip.VerifyAsync(layer, blob.ToArray());

        var applied = _dir.Combine("applied");
        Directory.CreateDirectory(applied);
        await LayerRoundTrip.ApplyAsync(blob.ToArray(), applied, LayerApplyMode.Naive);
        Assert.Equal(TreeListing.Of(Lower), TreeListing.Of(applied));
    }

    public void Dispose() => _dir.Dispose();

    private static string P(string root, string relative) => Path.Combine(root, relative);

    private void MakeLower()
    {
        Directory.CreateDirectory(P(Lower, "dir"));
        Directory.CreateDirectory(P(Lower, "gone/sub"));
        File.WriteAllText(P(Lower, "same.txt"), "same");
        File.WriteAllText(P(Lower, "modify.txt"), "old");
        File.WriteAllText(P(Lower, "mode.txt"), "mode");
        File.WriteAllText(P(Lower, "delete.txt"), "delete");
        File.WriteAllText(P(Lower, "replaced"), "a file, then a directory");
        File.WriteAllText(P(Lower, "dir/a"), "a");
        File.WriteAllText(P(Lower, "dir/b"), "b");
        File.WriteAllText(P(Lower, "gone/sub/x"), "x");
        File.CreateSymbolicLink(P(Lower, "link"), "same.txt");
    }
}
