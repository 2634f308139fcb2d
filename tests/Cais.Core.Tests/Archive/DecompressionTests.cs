using System.IO.Compression;
using Cais.Archive;
using Cais.Common;

namespace Cais.Core.Tests.Archive;

public sealed class DecompressionTests
{
    private static readonly byte[] Tar = new TarBuilder().File("a", new string('z', 10_000)).File("b", "hello").ToArray();

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Zstd(byte[] data)
    {
        using var compressor = new ZstdSharp.Compressor();
        return compressor.Wrap(data).ToArray();
    }

    /// <summary>Non-seekable, and hands out at most a few bytes per read, like a slow network stream.</summary>
    private static Stream Trickle(byte[] data) => new DigestingStream(new ChunkedStream(data, 3));

    [Fact]
    public void Detects_formats_by_magic()
    {
        Assert.Equal(CompressionKind.Gzip, Decompression.Detect(Gzip(Tar)));
        Assert.Equal(CompressionKind.Zstd, Decompression.Detect(Zstd(Tar)));
        Assert.Equal(CompressionKind.None, Decompression.Detect(Tar));
        Assert.Equal(CompressionKind.Xz, Decompression.Detect([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00]));
        Assert.Equal(CompressionKind.Bzip2, Decompression.Detect("BZh91AY"u8));
        Assert.Equal(CompressionKind.None, Decompression.Detect([]));
        Assert.Equal(CompressionKind.None, Decompression.Detect([0x1F]));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    [InlineData("plain")]
    public async Task Opens_non_seekable_streams_and_returns_the_original_bytes(string kind)
    {
        var compressed = kind switch { "gzip" => Gzip(Tar), "zstd" => Zstd(Tar), _ => Tar };

        await using var async = await Decompression.OpenAsync(Trickle(compressed), CancellationToken.None);
        using var asyncCopy = new MemoryStream();
        await async.CopyToAsync(asyncCopy);
        Assert.Equal(Tar, asyncCopy.ToArray());

        using var sync = Decompression.Open(Trickle(compressed));
        using var syncCopy = new MemoryStream();
        sync.CopyTo(syncCopy);
        Assert.Equal(Tar, syncCopy.ToArray());
    }

    [Fact]
    public void Short_plain_stream_is_replayed_whole()
    {
        using var stream = Decompression.Open(new MemoryStream([1, 2, 3]));
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(new byte[] { 1, 2, 3 }, copy.ToArray());
    }

    [Fact]
    public void Unsupported_compression_is_refused_not_passed_to_a_host_tool()
    {
        var ex = Assert.Throws<EngineException>(() => Decompression.Open(new MemoryStream([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x01])));
        Assert.Equal(ErrorKind.NotImplemented, ex.Kind);
    }

    [Fact]
    public async Task Compressed_layer_applies_and_yields_both_digests()
    {
        using var temp = new Cais.TestSupport.TempDirectory("cais-decomp");
        var blob = Gzip(Tar);
        using var compressedDigest = new DigestingStream(new ChunkedStream(blob, 4096));
        await using var tar = await Decompression.OpenAsync(compressedDigest, CancellationToken.None);
        using var diffId = new DigestingStream(tar, leaveOpen: true);

        var result = await LayerApplier.ApplyAsync(diffId, temp.Path, LayerApplyMode.Naive, CancellationToken.None);
        await DigestingStream.DrainAsync(diffId, CancellationToken.None);
        await DigestingStream.DrainAsync(compressedDigest, CancellationToken.None);

        Assert.Equal(2, result.EntryCount);
        Assert.Equal("hello", await File.ReadAllTextAsync(Path.Combine(temp.Path, "b")));
        Assert.Equal(Digest.Compute(Tar), diffId.GetDigest());
        Assert.Equal(Digest.Compute(blob), compressedDigest.GetDigest());
    }
}
