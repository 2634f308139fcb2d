using System.IO.Compression;
using Cais.Common;

namespace Cais.Archive;

/// <summary>
/// Picks the decompressor for a layer blob by its magic bytes, not by media type (registries mislabel), and
/// without needing a seekable stream. Decompression always happens in-process: never by running a host or
/// container binary (CVE-2014-9357, CVE-2026-41567).
/// </summary>
public static class Decompression
{
    /// <summary>Bytes needed to tell every supported format apart.</summary>
    public const int MagicLength = 6;

    public static CompressionKind Detect(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return CompressionKind.Gzip;
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]))
        {
            return CompressionKind.Zstd;
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]))
        {
            return CompressionKind.Xz;
        }

        if (header.StartsWith("BZh"u8))
        {
            return CompressionKind.Bzip2;
        }

        return CompressionKind.None;
    }

    /// <summary>Returns a stream of the decompressed bytes; disposing it disposes <paramref name="compressed"/>.</summary>
    public static Stream Open(Stream compressed)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        var magic = new byte[MagicLength];
        var filled = 0;
        int read;
        while (filled < magic.Length && (read = compressed.Read(magic, filled, magic.Length - filled)) > 0)
        {
            filled += read;
        }

        return Wrap(compressed, magic, filled);
    }

    /// <inheritdoc cref="Open(Stream)"/>
    public static async Task<Stream> OpenAsync(Stream compressed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        var magic = new byte[MagicLength];
        var filled = 0;
        int read;
        while (filled < magic.Length &&
               (read = await compressed.ReadAsync(magic.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
        {
            filled += read;
        }

        return Wrap(compressed, magic, filled);
    }

    private static Stream Wrap(Stream compressed, byte[] magic, int filled)
    {
        var kind = Detect(magic.AsSpan(0, filled));
        var replay = new PrefixedStream(magic.AsMemory(0, filled), compressed);
        return kind switch
        {
            CompressionKind.Gzip => new GZipStream(replay, CompressionMode.Decompress, leaveOpen: false),
            CompressionKind.Zstd => new ZstdSharp.DecompressionStream(replay, leaveOpen: false),
            CompressionKind.None => replay,
            _ => throw new EngineException(ErrorKind.NotImplemented, $"{kind.ToString().ToLowerInvariant()}-compressed layers are not supported"),
        };
    }
}
