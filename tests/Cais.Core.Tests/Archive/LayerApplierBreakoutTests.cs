using System.Formats.Tar;
using System.Security.Cryptography;
using Cais.Archive;
using Cais.Common;
using Cais.Linux;
using Cais.Linux.Interop;
using Cais.TestSupport;

namespace Cais.Core.Tests.Archive;

/// <summary>
/// Hostile layers in the spirit of containerd's TestBreakouts. Each test places canaries (a file and a directory)
/// in a sibling of the layer root and asserts that, whether the apply fails or succeeds, nothing outside the root
/// changed (content, mode, owner, mtime, link count) and nothing new appeared there.
/// </summary>
public sealed class LayerApplierBreakoutTests : IDisposable
{
    private const string Pwned = "pwned";
    private static readonly DateTimeOffset CanaryTime = new(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new("cais-breakout");

    public LayerApplierBreakoutTests()
    {
        Root = _temp.Combine("root");
        Outside = _temp.Combine("outside");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Path.Combine(Outside, "canarydir"));
        File.WriteAllText(Path.Combine(Outside, "canary"), "canary");
        File.WriteAllText(Path.Combine(Outside, "canarydir", "inner"), "inner");
        Assert.Equal(0, Libc.Chmod(Path.Combine(Outside, "canary"), (uint)Convert.ToInt32("640", 8)));
        foreach (var path in new[] { "canary", "canarydir/inner", "canarydir", "." })
        {
            var full = Path.GetFullPath(Path.Combine(Outside, path));
            if (Environment.IsPrivilegedProcess)
            {
                // A chown that escaped (to the tar's 0:0) would be visible.
                Assert.Equal(0, Libc.FChownAt(Libc.AT_FDCWD, full, 4321, 4321, Libc.AT_SYMLINK_NOFOLLOW));
            }

            if (Directory.Exists(full))
            {
                Directory.SetLastWriteTimeUtc(full, CanaryTime.UtcDateTime);
            }
            else
            {
                File.SetLastWriteTimeUtc(full, CanaryTime.UtcDateTime);
            }
        }
    }

    private string Root { get; }

    /// <summary>Absolute host path of the canary directory; also used inside names and link targets.</summary>
    private string Outside { get; }

    public void Dispose() => _temp.Dispose();

    private string InRoot(string path) => Path.Combine(Root, path.TrimStart('/'));

    /// <summary>Applies the layer; returns the EngineException it failed with, if any, after checking the outside.</summary>
    private async Task<EngineException?> Hostile(TarBuilder tar, LayerApplyMode mode = LayerApplyMode.Naive)
    {
        var before = Snapshot();
        EngineException? error = null;
        try
        {
            await LayerApplier.ApplyAsync(tar.Build(), Root, mode, CancellationToken.None);
        }
        catch (EngineException ex)
        {
            error = ex;
        }

        Assert.Equal(before, Snapshot());
        Assert.Equal("canary", await File.ReadAllTextAsync(Path.Combine(Outside, "canary")));
        Assert.Null(FileSystemAt.GetXattr(Path.Combine(Outside, "canary"), "user.evil"));
        Assert.Null(FileSystemAt.GetXattr(Path.Combine(Outside, "canarydir"), "user.evil"));
        return error;
    }

    private async Task AssertEscapeRefused(TarBuilder tar)
    {
        var error = await Hostile(tar);
        Assert.NotNull(error);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("escapes the layer root", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Everything under the temp dir except the root's subtree, with the facts a breakout would change.</summary>
    private List<string> Snapshot()
    {
        var lines = new List<string>();
        Walk(_temp.Path, lines);
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    // Hand-rolled because Directory.Enumerate* with recursion descends into symlinked directories, and the
    // root holds symlinks to "/" in these tests.
    private void Walk(string path, List<string> lines)
    {
        if (path == Root)
        {
            return;
        }

        var s = FileSystemAt.LStat(path);
        var hash = s.IsRegularFile ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))) : string.Empty;
        lines.Add($"{path} mode={s.Mode:x} uid={s.Uid} gid={s.Gid} mtime={s.ModifiedSeconds}.{s.ModifiedNanoseconds} nlink={s.LinkCount} size={s.Size} {hash}");
        if (s.IsDirectory)
        {
            foreach (var child in Directory.EnumerateFileSystemEntries(path))
            {
                Walk(child, lines);
            }
        }
    }

    [Fact]
    public Task DotDot_name_is_refused() => AssertEscapeRefused(new TarBuilder().File("../x", Pwned));

    [Fact]
    public Task Nested_dotdot_climbing_above_root_is_refused() => AssertEscapeRefused(new TarBuilder().File("a/../../x", Pwned));

    [Fact]
    public Task Dotdot_reaching_the_canary_is_refused() => AssertEscapeRefused(new TarBuilder().Dir("a/b/").File("a/b/../../../outside/canary", Pwned));

    [Fact]
    public async Task Absolute_name_lands_inside_root()
    {
        var name = $"/etc/cais-breakout-{Guid.NewGuid():N}";
        Assert.Null(await Hostile(new TarBuilder().File(name, Pwned).File(Outside + "/canary", Pwned)));

        Assert.False(File.Exists(name));
        Assert.Equal(Pwned, await File.ReadAllTextAsync(InRoot(name)));
        Assert.Equal(Pwned, await File.ReadAllTextAsync(InRoot(Outside + "/canary")));
    }

    [Fact]
    public async Task Symlink_to_slash_then_file_below_lands_inside_root()
    {
        var name = $"etc/cais-breakout-{Guid.NewGuid():N}";
        Assert.Null(await Hostile(new TarBuilder().Symlink("a", "/").File("a/" + name, Pwned).File("a" + Outside + "/canary", Pwned)));

        Assert.False(File.Exists("/" + name));
        Assert.Equal(Pwned, await File.ReadAllTextAsync(InRoot(name)));
        Assert.Equal(Pwned, await File.ReadAllTextAsync(InRoot(Outside + "/canary")));
    }

    [Fact]
    public async Task Relative_symlink_up_and_out_is_clamped_at_root()
    {
        // Followed on the host, root/a/../../.. is "/", and the rest of the name is the canary.
        Assert.Null(await Hostile(new TarBuilder().Symlink("a", "../../..").File("a" + Outside + "/canary", Pwned)));

        Assert.Equal(Pwned, await File.ReadAllTextAsync(InRoot(Outside + "/canary")));
    }

    [Fact]
    public async Task Symlink_to_parent_then_sibling_path_is_clamped_at_root()
    {
        Assert.Null(await Hostile(new TarBuilder().Symlink("a", "..").File("a/outside/canary", Pwned)));

        Assert.Equal(Pwned, await File.ReadAllTextAsync(InRoot("outside/canary")));
    }

    [Fact]
    public async Task Relative_symlink_chain_leaving_root_is_clamped()
    {
        Assert.Null(await Hostile(new TarBuilder()
            .Dir("d/")
            .Symlink("d/l1", "../l2")
            .Symlink("l2", "../outside")
            .File("d/l1/canary", Pwned)));

        Assert.Equal(Pwned, await File.ReadAllTextAsync(InRoot("outside/canary")));
    }

    [Fact]
    public async Task Symlink_loop_is_refused()
    {
        var error = await Hostile(new TarBuilder().Symlink("a", "b").Symlink("b", "a").File("a/x", Pwned));

        Assert.NotNull(error);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public async Task Symlink_chain_depth_is_bounded_at_40()
    {
        var ok = new TarBuilder().Dir("target/");
        for (var i = 0; i < 40; i++)
        {
            ok.Symlink($"s{i}", i == 0 ? "target" : $"s{i - 1}");
        }

        Assert.Null(await Hostile(ok.File("s39/x", "fine")));
        Assert.Equal("fine", await File.ReadAllTextAsync(InRoot("target/x")));

        var tooLong = new TarBuilder().Symlink("s40", "s39").File("s40/y", Pwned);
        var error = await Hostile(tooLong);
        Assert.NotNull(error);
        Assert.Contains("too many levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hard_link_to_host_etc_passwd_is_not_made()
    {
        var before = FileSystemAt.LStat("/etc/passwd");
        var error = await Hostile(new TarBuilder().HardLink("passwd", "/etc/passwd"));

        Assert.NotNull(error);
        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal(before.LinkCount, FileSystemAt.LStat("/etc/passwd").LinkCount);
        Assert.False(FileSystemAt.TryLStat(InRoot("passwd"), out _));
    }

    [Fact]
    public async Task Hard_link_to_absolute_canary_is_not_made()
    {
        var error = await Hostile(new TarBuilder().HardLink("h", Outside + "/canary"));

        Assert.NotNull(error);
        Assert.False(FileSystemAt.TryLStat(InRoot("h"), out _));
    }

    [Fact]
    public Task Hard_link_with_dotdot_target_is_refused() =>
        AssertEscapeRefused(new TarBuilder().HardLink("h", "../outside/canary"));

    [Fact]
    public async Task Hard_link_through_relative_symlinked_dir_is_not_made()
    {
        var error = await Hostile(new TarBuilder().Symlink("d", "../outside").HardLink("h", "d/canary"));

        Assert.NotNull(error);
        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Hard_link_through_absolute_symlinked_dir_is_not_made()
    {
        var error = await Hostile(new TarBuilder().Symlink("d", Outside).HardLink("h", "d/canary"));

        Assert.NotNull(error);
        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Hard_link_to_symlink_pointing_out_links_the_symlink_not_the_canary()
    {
        Assert.Null(await Hostile(new TarBuilder()
            .Symlink("s", Outside + "/canary")
            .HardLink("h", "s")
            .File("h", Pwned)
            .File("s", Pwned)));

        Assert.Equal(Pwned, await File.ReadAllTextAsync(InRoot("h")));
        Assert.True(FileSystemAt.LStat(InRoot("s")).IsRegularFile);
    }

    [Fact]
    public async Task Hard_link_whose_parent_is_symlinked_out_lands_inside_root()
    {
        Assert.Null(await Hostile(new TarBuilder().Symlink("d", Outside).File("t", Pwned).HardLink("d/newlink", "t")));

        Assert.Equal(FileSystemAt.LStat(InRoot("t")).Inode, FileSystemAt.LStat(InRoot(Outside + "/newlink")).Inode);
    }

    [Fact]
    public Task Whiteout_of_dotdot_is_refused() => AssertEscapeRefused(new TarBuilder().Marker(".wh..."));

    [Fact]
    public Task Nested_whiteout_of_dotdot_is_refused() => AssertEscapeRefused(new TarBuilder().Dir("a/").Marker("a/.wh..."));

    [Fact]
    public Task Whiteout_above_root_is_refused() => AssertEscapeRefused(new TarBuilder().Marker("../.wh.canary"));

    [Fact]
    public async Task Whiteout_through_absolute_symlinked_parent_stays_inside_root()
    {
        Assert.Null(await Hostile(new TarBuilder().Symlink("d", Outside).Marker("d/.wh.canary").Marker("d/.wh.canarydir")));
    }

    [Fact]
    public async Task Whiteout_through_relative_symlinked_parent_stays_inside_root()
    {
        Directory.CreateDirectory(InRoot("outside"));
        await File.WriteAllTextAsync(InRoot("outside/canary"), "lower layer copy");

        Assert.Null(await Hostile(new TarBuilder().Symlink("d", "../outside").Marker("d/.wh.canary").Marker("d/.wh.canarydir")));

        // The whiteout resolved to root/outside/canary, the in-root copy.
        Assert.False(File.Exists(InRoot("outside/canary")));
    }

    [Fact]
    public async Task Overlay_whiteout_through_symlinked_parent_stays_inside_root()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return; // Overlay whiteouts need CAP_MKNOD.
        }

        Assert.Null(await Hostile(new TarBuilder().Symlink("d", Outside).Marker("d/.wh.canary").Marker("d/.wh..wh..opq"), LayerApplyMode.Overlay));

        Assert.Equal(0x2000u, FileSystemAt.LStat(InRoot(Outside + "/canary")).Type);
        Assert.Null(FileSystemAt.GetXattr(Outside, "trusted.overlay.opaque"));
    }

    [Fact]
    public async Task Opaque_through_symlink_to_parent_empties_only_the_root()
    {
        await File.WriteAllTextAsync(InRoot("lower"), "lower");

        Assert.Null(await Hostile(new TarBuilder().Symlink("d", "..").Symlink("e", _temp.Path).Marker("d/.wh..wh..opq").Marker("e/.wh..wh..opq")));

        Assert.False(File.Exists(InRoot("lower")));
    }

    [Fact]
    public async Task Directory_replaced_by_absolute_symlink_then_file_below()
    {
        Assert.Null(await Hostile(new TarBuilder().Dir("d/").File("d/f", "x").Symlink("d", Outside).File("d/canary", Pwned)));

        Assert.Equal(Pwned, await File.ReadAllTextAsync(InRoot(Outside + "/canary")));
    }

    [Fact]
    public async Task Directory_replaced_by_relative_symlink_then_file_below()
    {
        Assert.Null(await Hostile(new TarBuilder().Dir("d/").Symlink("d", "../outside").File("d/canary", Pwned)));

        Assert.Equal(Pwned, await File.ReadAllTextAsync(InRoot("outside/canary")));
    }

    [Fact]
    public async Task Regular_file_replaces_final_symlink_of_same_layer()
    {
        Assert.Null(await Hostile(new TarBuilder().Symlink("f", Outside + "/canary").File("f", Pwned, mode: Convert.ToInt32("777", 8))));

        Assert.True(FileSystemAt.LStat(InRoot("f")).IsRegularFile);
        Assert.Equal(Pwned, await File.ReadAllTextAsync(InRoot("f")));
    }

    [Fact]
    public async Task Regular_file_replaces_final_symlink_of_lower_layer()
    {
        File.CreateSymbolicLink(InRoot("f"), Outside + "/canary");
        File.CreateSymbolicLink(InRoot("g"), "../outside/canary");

        Assert.Null(await Hostile(new TarBuilder().File("f", Pwned).File("g", Pwned)));

        Assert.Equal(Pwned, await File.ReadAllTextAsync(InRoot("f")));
        Assert.True(FileSystemAt.LStat(InRoot("g")).IsRegularFile);
    }

    [Fact]
    public async Task Directory_entry_replaces_final_symlink()
    {
        Assert.Null(await Hostile(new TarBuilder()
            .Symlink("x", Outside + "/canarydir")
            .Dir("x", mode: Convert.ToInt32("777", 8), mtime: new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero), xattrs: new() { ["user.evil"] = "1" })));

        Assert.True(FileSystemAt.LStat(InRoot("x")).IsDirectory);
    }

    [Fact]
    public async Task Fifo_and_device_entries_replace_final_symlink()
    {
        var tar = new TarBuilder().Symlink("x", Outside + "/canary").Fifo("x").Symlink("y", Outside + "/canary");
        if (Environment.IsPrivilegedProcess)
        {
            tar.Device("y", TarEntryType.CharacterDevice, 1, 3);
        }

        Assert.Null(await Hostile(tar));

        Assert.Equal(0x1000u, FileSystemAt.LStat(InRoot("x")).Type);
    }

    [Fact]
    public async Task Metadata_on_entries_below_a_symlink_to_outside_stays_inside_root()
    {
        var old = new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var evil = new Dictionary<string, string> { ["user.evil"] = "1" };
        Assert.Null(await Hostile(new TarBuilder()
            .Symlink("d", Outside)
            .Dir("d/canarydir", mode: Convert.ToInt32("4777", 8), uid: 0, gid: 0, mtime: old, xattrs: evil)
            .File("d/canary", Pwned, mode: Convert.ToInt32("6777", 8), uid: 0, gid: 0, mtime: old, xattrs: evil)
            .Dir("d/", mode: Convert.ToInt32("777", 8), mtime: old)));

        Assert.Equal(Pwned, await File.ReadAllTextAsync(InRoot(Outside + "/canary")));
    }

    [Fact]
    public async Task Owner_and_times_of_a_symlink_entry_do_not_touch_its_target()
    {
        Assert.Null(await Hostile(new TarBuilder()
            .Symlink("l", Outside + "/canary", uid: 0, gid: 0, mtime: new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero))
            .Symlink("m", "../outside/canarydir", uid: 0, gid: 0)));

        Assert.True(FileSystemAt.LStat(InRoot("l")).IsSymlink);
    }

    [Fact]
    public async Task Proc_magic_link_target_resolves_inside_root()
    {
        Assert.Null(await Hostile(new TarBuilder().Symlink("p", "/proc/self/root").File("p" + Outside + "/canary", Pwned)));

        Assert.Equal(Pwned, await File.ReadAllTextAsync(InRoot("proc/self/root" + Outside + "/canary")));
    }

    [Fact]
    public async Task Dangling_absolute_symlink_parent_creates_directories_inside_root()
    {
        Assert.Null(await Hostile(new TarBuilder().Symlink("a", Outside + "/newdir").File("a/x", Pwned)));

        Assert.False(Directory.Exists(Path.Combine(Outside, "newdir")));
        Assert.Equal(Pwned, await File.ReadAllTextAsync(InRoot(Outside + "/newdir/x")));
    }

    [Fact]
    public async Task Root_cannot_be_replaced_by_a_symlink()
    {
        var error = await Hostile(new TarBuilder().Symlink(".", Outside).File("canary", Pwned));

        Assert.NotNull(error);
        Assert.True(Directory.Exists(Root));
        Assert.False(FileSystemAt.LStat(Root).IsSymlink);
    }
}
