using System.Formats.Tar;
using System.Globalization;
using System.Text;
using Cais.Archive;
using Cais.Common;
using Cais.TestSupport;

namespace Cais.Core.Tests.Archive;

/// <summary>
/// GNU sparse files (what <c>tar -S</c> writes): applied at their real name with their real size, holes read as
/// zeros and stay holes on disk; a hostile sparse map is refused before anything is written.
/// </summary>
public sealed class LayerApplierSparseTests : IDisposable
{
    private const long TenMegabytes = 10L << 20;
    private readonly TempDirectory _temp = new("cais-sparse");

    public LayerApplierSparseTests()
    {
        Root = _temp.Combine("root");
        Directory.CreateDirectory(Root);
    }

    private string Root { get; }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("1.0")]
    [InlineData("0.1")]
    public async Task Sparse_file_made_by_GNU_tar_is_applied_at_its_real_name_and_size_with_holes(string version)
    {
        Requires.Tools("tar");
        var source = _temp.Combine("src");
        Directory.CreateDirectory(Path.Combine(source, "data"));
        var file = Path.Combine(source, "data", "disk.img");
        await using (var stream = File.Create(file))
        {
            stream.SetLength(TenMegabytes);
            stream.Position = 4096;
            await stream.WriteAsync("hello"u8.ToArray());
            stream.Position = TenMegabytes;
            await stream.WriteAsync("x\n"u8.ToArray());
        }

        var archive = _temp.Combine("layer.tar");
        await ExternalTool.RunCheckedAsync("tar", ["-S", "--format=pax", $"--sparse-version={version}", "-C", source, "-cf", archive, "data"], CancellationToken.None);

        await using (var tar = File.OpenRead(archive))
        {
            await LayerApplier.ApplyAsync(tar, Root, LayerApplyMode.Overlay, CancellationToken.None);
        }

        var applied = Path.Combine(Root, "data", "disk.img");
        Assert.Equal(["disk.img"], Directory.EnumerateFileSystemEntries(Path.Combine(Root, "data")).Select(Path.GetFileName));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories), p => p.Contains("GNUSparseFile", StringComparison.Ordinal));
        Assert.Equal(TenMegabytes + 2, new FileInfo(applied).Length);
        var expected = await File.ReadAllBytesAsync(file);
        var actual = await File.ReadAllBytesAsync(applied);
        Assert.True(expected.AsSpan().SequenceEqual(actual), "content differs from the original");
        Assert.True(await AllocatedBytesAsync(applied) < 1 << 20, "the holes were written as data");
    }

    [Fact]
    public async Task Old_GNU_sparse_header_is_refused_clearly()
    {
        Requires.Tools("tar");
        var source = _temp.Combine("src");
        Directory.CreateDirectory(source);
        await using (var stream = File.Create(Path.Combine(source, "holes")))
        {
            stream.SetLength(TenMegabytes);
            stream.Position = TenMegabytes;
            await stream.WriteAsync("x"u8.ToArray());
        }

        var archive = _temp.Combine("gnu.tar");
        await ExternalTool.RunCheckedAsync("tar", ["-S", "--format=gnu", "-C", source, "-cf", archive, "holes"], CancellationToken.None);

        await using var tar = File.OpenRead(archive);
        var error = await Assert.ThrowsAsync<EngineException>(() => LayerApplier.ApplyAsync(tar, Root, LayerApplyMode.Overlay, CancellationToken.None));
        Assert.Equal(ErrorKind.NotImplemented, error.Kind);
        Assert.Contains("old-style GNU sparse files are not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sparse_map_in_the_old_0_0_records_is_applied()
    {
        var attributes = new Dictionary<string, string>
        {
            ["GNU.sparse.size"] = "100000",
            ["GNU.sparse.numblocks"] = "1",
            ["GNU.sparse.offset"] = "50000",
            ["GNU.sparse.numbytes"] = "3",
            ["GNU.sparse.name"] = "real",
        };

        await Apply(Entry("GNUSparseFile.7/real", attributes, "abc"u8.ToArray()));

        var bytes = await File.ReadAllBytesAsync(Path.Combine(Root, "real"));
        Assert.Equal(100000, bytes.Length);
        Assert.Equal("abc"u8.ToArray(), bytes.AsSpan(50000, 3).ToArray());
        Assert.True(bytes.AsSpan(0, 50000).IndexOfAnyExcept((byte)0) < 0);
        Assert.True(bytes.AsSpan(50003).IndexOfAnyExcept((byte)0) < 0);
    }

    public static TheoryData<string, string, string> HostileMaps => new()
    {
        { "beyond the real size", "1000", "900,200" },
        { "overlapping", "1000", "0,100,50,100" },
        { "out of order", "1000", "500,10,0,10" },
        { "negative offset", "1000", "-5,10" },
        { "negative length", "1000", "0,-10" },
        { "overflowing", "1000", "9223372036854775800,100" },
        { "not a number", "1000", "0,1x" },
        { "odd count", "1000", "0,10,20" },
        { "petabyte real size", "1125899906842624", "0,3" },
        { "negative real size", "-1", "0,3" },
    };

    [Theory]
    [MemberData(nameof(HostileMaps))]
    public async Task Hostile_sparse_map_is_refused_before_writing(string why, string realSize, string map)
    {
        var numbers = map.Split(',');
        var attributes = new Dictionary<string, string>
        {
            ["GNU.sparse.major"] = "1",
            ["GNU.sparse.minor"] = "0",
            ["GNU.sparse.name"] = "victim",
            ["GNU.sparse.realsize"] = realSize,
        };
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{numbers.Length / 2}\n");
        foreach (var number in numbers)
        {
            text.Append(number).Append('\n');
        }

        var error = await Assert.ThrowsAsync<EngineException>(() => Apply(Entry("GNUSparseFile.1/victim", attributes, MapBlock(text.ToString(), "abc"u8))));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("sparse", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Root, "victim")), why);

        // The same map in the 0.1 form (a PAX record) is refused just the same.
        var old = new Dictionary<string, string> { ["GNU.sparse.name"] = "victim", ["GNU.sparse.size"] = realSize, ["GNU.sparse.map"] = map };
        error = await Assert.ThrowsAsync<EngineException>(() => Apply(Entry("GNUSparseFile.1/victim", old, "abc"u8.ToArray())));
        Assert.Contains("sparse", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Root, "victim")), why);
    }

    [Fact]
    public async Task Huge_number_of_sparse_entries_is_refused_without_reading_them_all()
    {
        var attributes = new Dictionary<string, string>
        {
            ["GNU.sparse.major"] = "1",
            ["GNU.sparse.minor"] = "0",
            ["GNU.sparse.name"] = "victim",
            ["GNU.sparse.realsize"] = "1000",
        };

        var error = await Assert.ThrowsAsync<EngineException>(() => Apply(Entry("GNUSparseFile.1/victim", attributes, MapBlock("100000000000\n0\n1\n", "x"u8))));
        Assert.Contains("sparse", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Root, "victim")));
    }

    [Fact]
    public async Task Sparse_map_naming_more_data_than_the_entry_holds_is_refused()
    {
        var attributes = new Dictionary<string, string> { ["GNU.sparse.name"] = "victim", ["GNU.sparse.size"] = "1000", ["GNU.sparse.map"] = "0,500" };

        var error = await Assert.ThrowsAsync<EngineException>(() => Apply(Entry("GNUSparseFile.1/victim", attributes, "abc"u8.ToArray())));
        Assert.Contains("sparse", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../outside")]
    [InlineData("/../escape")]
    public async Task Real_name_of_a_sparse_file_obeys_the_same_rules_as_any_name(string realName)
    {
        var attributes = new Dictionary<string, string> { ["GNU.sparse.name"] = realName, ["GNU.sparse.size"] = "10", ["GNU.sparse.map"] = "0,3" };

        var error = await Assert.ThrowsAsync<EngineException>(() => Apply(Entry("GNUSparseFile.1/harmless", attributes, "abc"u8.ToArray())));
        Assert.Contains("escapes the layer root", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.Combine("outside")));
        Assert.False(File.Exists(_temp.Combine("escape")));
    }

    private async Task Apply(PaxTarEntry entry)
    {
        using var stream = new MemoryStream();
        await using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            await writer.WriteEntryAsync(entry);
        }

        stream.Position = 0;
        await LayerApplier.ApplyAsync(stream, Root, LayerApplyMode.Overlay, CancellationToken.None);
    }

    private static PaxTarEntry Entry(string name, Dictionary<string, string> attributes, byte[] data) =>
        new(TarEntryType.RegularFile, name, attributes)
        {
            Mode = (UnixFileMode)0x1A4,
            ModificationTime = TarBuilder.DefaultTime,
            DataStream = new MemoryStream(data),
        };

    /// <summary>The 1.0 layout: the decimal map, NUL-padded to a 512-byte block, then the data.</summary>
    private static byte[] MapBlock(string map, ReadOnlySpan<byte> data)
    {
        var header = Encoding.ASCII.GetBytes(map);
        var padded = new byte[(header.Length + 511) / 512 * 512];
        header.CopyTo(padded, 0);
        return [.. padded, .. data];
    }

    private static async Task<long> AllocatedBytesAsync(string path)
    {
        var stat = await ExternalTool.RunCheckedAsync("stat", ["-c", "%b %B", path], CancellationToken.None);
        var fields = stat.Stdout.Trim().Split(' ');
        return long.Parse(fields[0], CultureInfo.InvariantCulture) * long.Parse(fields[1], CultureInfo.InvariantCulture);
    }
}
