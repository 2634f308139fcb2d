namespace Cais.Archive;

/// <summary>Compression recognised from a stream's magic bytes.</summary>
public enum CompressionKind
{
    None,
    Gzip,
    Zstd,
    Xz,
    Bzip2,
}
