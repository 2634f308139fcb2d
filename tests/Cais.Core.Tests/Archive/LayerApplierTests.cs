using System.Formats.Tar;
using System.Text;
using Cais.Archive;
using Cais.Common;
using Cais.Linux;
using Cais.TestSupport;

namespace Cais.Core.Tests.Archive;

public sealed class LayerApplierTests : IDisposable
{
    private static readonly bool Privileged = Environment.IsPrivilegedProcess;
    private readonly TempDirectory _temp = new("cais-layer");

    public LayerApplierTests()
    {
        Root = _temp.Combine("root");
        Directory.CreateDirectory(Root);
    }

    private string Root { get; }

    public void Dispose() => _temp.Dispose();

    internal static int Oct(string octal) => Convert.ToInt32(octal, 8);

    private Task<LayerApplyResult> Apply(TarBuilder tar, LayerApplyMode mode = LayerApplyMode.Naive) =>
        LayerApplier.ApplyAsync(tar.Build(), Root, mode, CancellationToken.None);

    private string P(string relative) => Path.Combine(Root, relative);

    [Fact]
    public async Task Writes_files_directories_symlinks_and_hardlinks_with_counts()
    {
        var result = await Apply(new TarBuilder()
            .Dir("etc/")
            .File("etc/hostname", "box\n")
            .File("usr/bin/tool", "#!/bin/sh\n", mode: Oct("755"))
            .Symlink("etc/alias", "hostname")
            .HardLink("etc/hostname2", "etc/hostname"));

        Assert.Equal(5, result.EntryCount);
        Assert.Equal(4 + 10, result.BytesWritten);
        Assert.Equal("box\n", await File.ReadAllTextAsync(P("etc/hostname")));
        Assert.Equal("hostname", new FileInfo(P("etc/alias")).LinkTarget);
        var original = FileSystemAt.LStat(P("etc/hostname"));
        var link = FileSystemAt.LStat(P("etc/hostname2"));
        Assert.Equal(original.Inode, link.Inode);
        Assert.Equal(2u, link.LinkCount);

        // usr/ and usr/bin/ were missing from the tar: created 0755.
        Assert.True(FileSystemAt.LStat(P("usr")).IsDirectory);
        Assert.Equal((uint)Oct("755"), FileSystemAt.LStat(P("usr/bin")).Permissions);
        Assert.Equal((uint)Oct("755"), FileSystemAt.LStat(P("usr/bin/tool")).Permissions);
    }

    [Fact]
    public async Task Applies_special_mode_bits_and_owners()
    {
        var uid = Privileged ? 1000 : (int)FileSystemAt.LStat(Root).Uid;
        var gid = Privileged ? 2000 : (int)FileSystemAt.LStat(Root).Gid;
        await Apply(new TarBuilder()
            .File("suid", "x", mode: Oct("4755"), uid: uid, gid: gid)
            .File("sgid", "x", mode: Oct("2711"), uid: uid, gid: gid)
            .Dir("tmp", mode: Oct("1777"), uid: uid, gid: gid)
            .File("private", "x", mode: Oct("600"))
            .Symlink("link", "suid", uid: uid, gid: gid));

        // chown runs before chmod, otherwise the kernel would have cleared setuid/setgid again.
        Assert.Equal((uint)Oct("4755"), FileSystemAt.LStat(P("suid")).Permissions);
        Assert.Equal((uint)Oct("2711"), FileSystemAt.LStat(P("sgid")).Permissions);
        Assert.Equal((uint)Oct("1777"), FileSystemAt.LStat(P("tmp")).Permissions);
        Assert.Equal((uint)Oct("600"), FileSystemAt.LStat(P("private")).Permissions);
        foreach (var name in new[] { "suid", "sgid", "tmp", "link" })
        {
            var status = FileSystemAt.LStat(P(name));
            Assert.Equal((uint)uid, status.Uid);
            Assert.Equal((uint)gid, status.Gid);
        }
    }

    [Fact]
    public async Task Sets_times_of_files_symlinks_and_directories_after_their_children()
    {
        var fileTime = new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero);
        var dirTime = new DateTimeOffset(1999, 12, 31, 23, 59, 58, TimeSpan.Zero);
        var linkTime = new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await Apply(new TarBuilder()
            .Dir("d/", mtime: dirTime)
            .File("d/f", "data", mtime: fileTime)
            .Symlink("d/l", "f", mtime: linkTime)
            .Dir("d/sub/", mtime: dirTime)
            .File("d/sub/g", "data", mtime: fileTime));

        Assert.Equal(fileTime, FileSystemAt.LStat(P("d/f")).Modified);
        Assert.Equal(linkTime, FileSystemAt.LStat(P("d/l")).Modified);
        Assert.Equal(dirTime, FileSystemAt.LStat(P("d")).Modified);
        Assert.Equal(dirTime, FileSystemAt.LStat(P("d/sub")).Modified);
    }

    [Fact]
    public async Task Sets_xattrs_from_pax_headers()
    {
        var xattrs = new Dictionary<string, string> { ["user.origin"] = "layer-test" };
        if (Privileged)
        {
            xattrs["trusted.cais"] = "privileged";
        }

        await Apply(new TarBuilder()
            .File("f", "x", xattrs: xattrs)
            .Dir("d", xattrs: new() { ["user.dir"] = "yes" }));

        Assert.Equal("layer-test", Encoding.UTF8.GetString(FileSystemAt.GetXattr(P("f"), "user.origin")!));
        Assert.Equal("yes", Encoding.UTF8.GetString(FileSystemAt.GetXattr(P("d"), "user.dir")!));
        if (Privileged)
        {
            Assert.Equal("privileged", Encoding.UTF8.GetString(FileSystemAt.GetXattr(P("f"), "trusted.cais")!));
        }
    }

    [Fact]
    public async Task Overlay_xattrs_in_headers_are_ignored()
    {
        await Apply(new TarBuilder().Dir("d", xattrs: new() { ["trusted.overlay.redirect"] = "/etc", ["user.overlay.opaque"] = "y" }));

        Assert.Null(FileSystemAt.GetXattr(P("d"), "trusted.overlay.redirect"));
        Assert.Null(FileSystemAt.GetXattr(P("d"), "user.overlay.opaque"));
    }

    [Fact]
    public async Task Replaces_existing_entries()
    {
        Directory.CreateDirectory(P("wasdir/inner"));
        await File.WriteAllTextAsync(P("wasdir/inner/file"), "old");
        File.CreateSymbolicLink(P("waslink"), "elsewhere");
        Directory.CreateDirectory(P("keep"));
        await File.WriteAllTextAsync(P("keep/lower"), "lower");
        await File.WriteAllTextAsync(P("wasfile"), "old");

        await Apply(new TarBuilder()
            .File("wasdir", "now a file")
            .File("waslink", "now a file too")
            .Dir("keep", mode: Oct("700"))
            .Dir("wasfile"));

        Assert.Equal("now a file", await File.ReadAllTextAsync(P("wasdir")));
        Assert.True(FileSystemAt.LStat(P("waslink")).IsRegularFile);
        Assert.Equal("lower", await File.ReadAllTextAsync(P("keep/lower")));
        Assert.Equal((uint)Oct("700"), FileSystemAt.LStat(P("keep")).Permissions);
        Assert.True(FileSystemAt.LStat(P("wasfile")).IsDirectory);
        Assert.False(File.Exists(P("elsewhere")));
    }

    [Fact]
    public async Task Root_entry_sets_root_metadata()
    {
        var time = new DateTimeOffset(2005, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await Apply(new TarBuilder().Dir("./", mode: Oct("750"), mtime: time).File("a", "x"));

        var status = FileSystemAt.LStat(Root);
        Assert.Equal((uint)Oct("750"), status.Permissions);
        Assert.Equal(time, status.Modified);
    }

    [Fact]
    public async Task Hard_link_to_file_of_a_lower_layer_in_naive_mode()
    {
        await File.WriteAllTextAsync(P("lower"), "from below");
        await Apply(new TarBuilder().HardLink("upper", "/lower"));

        Assert.Equal(FileSystemAt.LStat(P("lower")).Inode, FileSystemAt.LStat(P("upper")).Inode);
    }

    [Fact]
    public async Task Hard_link_to_missing_target_fails()
    {
        var ex = await Assert.ThrowsAsync<EngineException>(() => Apply(new TarBuilder().HardLink("upper", "missing")));
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
    }

    [Fact]
    public async Task Creates_fifos_and_devices()
    {
        await Apply(new TarBuilder()
            .Fifo("pipe", mode: Oct("640"))
            .Device("null", TarEntryType.CharacterDevice, 1, 3)
            .Device("loop9", TarEntryType.BlockDevice, 7, 9, mode: Oct("660")));

        var fifo = FileSystemAt.LStat(P("pipe"));
        Assert.Equal(0x1000u, fifo.Type);
        Assert.Equal((uint)Oct("640"), fifo.Permissions);
        if (Privileged)
        {
            var nul = FileSystemAt.LStat(P("null"));
            Assert.Equal(0x2000u, nul.Type);
            Assert.Equal((1u, 3u), (nul.RdevMajor, nul.RdevMinor));
            var loop = FileSystemAt.LStat(P("loop9"));
            Assert.Equal(0x6000u, loop.Type);
            Assert.Equal((7u, 9u), (loop.RdevMajor, loop.RdevMinor));
            Assert.Equal((uint)Oct("660"), loop.Permissions);
        }
    }

    [Fact]
    public async Task Naive_whiteout_deletes_recursively()
    {
        Directory.CreateDirectory(P("a/b/c"));
        await File.WriteAllTextAsync(P("a/b/c/f"), "x");
        await File.WriteAllTextAsync(P("a/keep"), "x");
        File.CreateSymbolicLink(P("a/link"), "/etc/hostname");

        var result = await Apply(new TarBuilder().Marker("a/.wh.b").Marker("a/.wh.link").Marker("missing/.wh.x"));

        Assert.Equal(3, result.EntryCount);
        Assert.False(Directory.Exists(P("a/b")));
        Assert.False(FileSystemAt.TryLStat(P("a/link"), out _));
        Assert.True(File.Exists(P("a/keep")));
        Assert.False(File.Exists(P("a/.wh.b")));
        Assert.False(Directory.Exists(P("missing")));
    }

    [Fact]
    public async Task Naive_opaque_removes_lower_entries_but_keeps_this_layers()
    {
        Directory.CreateDirectory(P("d/lowerdir"));
        await File.WriteAllTextAsync(P("d/lowerdir/f"), "x");
        await File.WriteAllTextAsync(P("d/lower"), "x");
        await File.WriteAllTextAsync(P("other"), "x");

        await Apply(new TarBuilder()
            .Dir("d/")
            .File("d/mine", "new")
            .Dir("d/minedir/")
            .Marker("d/.wh..wh..opq")
            .File("d/after", "new"));

        var names = Directory.EnumerateFileSystemEntries(P("d")).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "after", "mine", "minedir" }, names);
        Assert.True(File.Exists(P("other")));
    }

    [Fact]
    public async Task Overlay_whiteout_becomes_char_device_and_opaque_becomes_xattr()
    {
        if (!Privileged)
        {
            return; // mknod of whiteouts and trusted.* xattrs need CAP_MKNOD / CAP_SYS_ADMIN.
        }

        await Apply(new TarBuilder()
            .Dir("d/")
            .Marker("d/.wh..wh..opq")
            .File("d/new", "x")
            .Marker("d/.wh.gone")
            .Marker("e/.wh.deep"), LayerApplyMode.Overlay);

        var whiteout = FileSystemAt.LStat(P("d/gone"));
        Assert.Equal(0x2000u, whiteout.Type);
        Assert.Equal((0u, 0u), (whiteout.RdevMajor, whiteout.RdevMinor));
        Assert.Equal(0x2000u, FileSystemAt.LStat(P("e/deep")).Type);
        Assert.Equal("y", Encoding.UTF8.GetString(FileSystemAt.GetXattr(P("d"), "trusted.overlay.opaque")!));
        Assert.False(File.Exists(P("d/.wh..wh..opq")));
        Assert.False(FileSystemAt.TryLStat(P("d/.wh.gone"), out _));
        Assert.True(File.Exists(P("d/new")));
        Assert.Null(FileSystemAt.GetXattr(P("e"), "trusted.overlay.opaque"));
    }

    [Fact]
    public async Task Whiteout_with_invalid_name_is_refused()
    {
        var ex = await Assert.ThrowsAsync<EngineException>(() => Apply(new TarBuilder().Marker("a/.wh.")));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
    }

    [Fact]
    public async Task Streams_from_a_non_seekable_source_and_digest_covers_the_whole_tar()
    {
        var bytes = new TarBuilder().File("big", new string('x', 300_000)).File("small", "y").ToArray();
        using var digesting = new DigestingStream(new MemoryStream(bytes));

        var result = await LayerApplier.ApplyAsync(digesting, Root, LayerApplyMode.Naive, CancellationToken.None);
        await DigestingStream.DrainAsync(digesting, CancellationToken.None);

        Assert.Equal(300_001, result.BytesWritten);
        Assert.Equal(300_000, new FileInfo(P("big")).Length);
        Assert.Equal(bytes.Length, digesting.BytesRead);
        Assert.Equal(Digest.Compute(bytes), digesting.GetDigest());
    }

    [Fact]
    public async Task Corrupt_tar_is_an_invalid_argument()
    {
        var bytes = new TarBuilder().File("f", "data").ToArray();
        bytes[150] ^= 0xFF; // inside the checksum-covered header
        var ex = await Assert.ThrowsAsync<EngineException>(() =>
            LayerApplier.ApplyAsync(new MemoryStream(bytes), Root, LayerApplyMode.Naive, CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
    }
}
