using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Cais.Archive;
using Cais.Common;
using Xunit;

namespace Cais.TestSupport;

/// <summary>Helpers for apply(write(changes)) tests: copying trees, reading what a written layer holds, applying it.</summary>
public static class LayerRoundTrip
{
    /// <summary>A copy with owners, modes, times and links (cp -a), as the copying snapshotter makes one.</summary>
    public static void Copy(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        Run("cp", "-a", source + "/.", destination);
    }

    /// <summary>Makes <paramref name="link"/> a hard link to <paramref name="existing"/> (.NET has no API for it).</summary>
    public static void HardLink(string existing, string link) => Run("ln", existing, link);

    private static void Run(string tool, params string[] args)
    {
        using var process = Process.Start(tool, args);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    /// <summary>Checks the written layer's digests against its bytes and returns the tar's entry names in order.</summary>
    public static async Task<IReadOnlyList<string>> VerifyAsync(WrittenLayer layer, byte[] blob)
    {
        ArgumentNullException.ThrowIfNull(layer);
        Assert.Equal(Digest.Compute(blob), layer.Digest);
        Assert.Equal(blob.Length, layer.Size);
        var tar = Gunzip(blob);
        Assert.Equal(Digest.FromHash(SHA256.HashData(tar)), layer.DiffId);

        var names = new List<string>();
        await using var reader = new TarReader(new MemoryStream(tar));
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }

    public static async Task ApplyAsync(byte[] blob, string directory, LayerApplyMode mode)
    {
        using var tar = new MemoryStream(Gunzip(blob));
        await LayerApplier.ApplyAsync(tar, directory, mode, CancellationToken.None);
    }

    private static byte[] Gunzip(byte[] blob)
    {
        using var gzip = new GZipStream(new MemoryStream(blob), CompressionMode.Decompress);
        using var tar = new MemoryStream();
        gzip.CopyTo(tar);
        return tar.ToArray();
    }
}
