using System.Formats.Tar;
using Cais.Archive;
using Cais.Common;
using Cais.Linux;
using Cais.TestSupport;
using Microsoft.Win32.SafeHandles;

namespace Cais.Core.Tests.Archive;

/// <summary>The free-space guard of layer extraction, with the filesystem's free space faked at the OS seam.</summary>
public sealed class LayerApplierDiskSpaceTests : IDisposable
{
    private const long Gigabyte = 1L << 30;
    private readonly TempDirectory _temp = new("cais-space");

    public LayerApplierDiskSpaceTests()
    {
        Root = _temp.Combine("root");
        Directory.CreateDirectory(Root);
    }

    private string Root { get; }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Extraction_stops_once_free_space_falls_below_the_reserve()
    {
        // 100 GiB filesystem (reserve 1 GiB): 1.5 GiB free at the first check, 0.9 GiB at the second.
        var probe = new FakeProbe(100 * Gigabyte, [Gigabyte * 3 / 2, Gigabyte * 9 / 10]);

        var error = await Assert.ThrowsAsync<EngineException>(() => LayerApplier.ApplyAsync(Layer(64 << 20), Root, LayerApplyMode.Overlay, probe, CancellationToken.None));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.StartsWith("no space left on device", error.Message, StringComparison.Ordinal);
        Assert.Contains("big.bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 GiB", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, probe.Queries);

        // It stopped at the check, not at the end of the entry (nor after the entry that follows it).
        Assert.Equal(2 * DiskSpaceGuard.CheckEvery, new FileInfo(Path.Combine(Root, "big.bin")).Length);
        Assert.False(File.Exists(Path.Combine(Root, "after")));
    }

    [Fact]
    public async Task Small_filesystem_keeps_five_percent_and_plenty_of_space_costs_one_query_per_interval()
    {
        // 1 GiB filesystem: the reserve is 5% (51 MiB), so 60 MiB free is enough.
        var probe = new FakeProbe(Gigabyte, [60L << 20]);

        var result = await LayerApplier.ApplyAsync(Layer(64 << 20), Root, LayerApplyMode.Overlay, probe, CancellationToken.None);

        Assert.Equal((64L << 20) + 1, result.BytesWritten);
        Assert.Equal(4, probe.Queries);
        Assert.True(File.Exists(Path.Combine(Root, "after")));
    }

    private static MemoryStream Layer(int bytes)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "big.bin") { DataStream = new MemoryStream(new byte[bytes]) });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "after") { DataStream = new MemoryStream("x"u8.ToArray()) });
        }

        stream.Position = 0;
        return stream;
    }

    /// <summary>Reports the given free space at successive queries (the last one repeats).</summary>
    private sealed class FakeProbe(long total, long[] available) : IFileSystemSpaceProbe
    {
        public int Queries { get; private set; }

        public FileSystemSpace Query(SafeFileHandle handle) =>
            new(total, available[Math.Min(Queries++, available.Length - 1)]);
    }
}
