using System.Formats.Tar;
using System.IO.Compression;
using Cais.Common;

namespace Cais.TestSupport;

/// <summary>
/// An in-memory file tree written as one PAX tar layer. Convenience methods take absolute-looking paths
/// ("/bin/sh") and add missing parent directories (0755, root) first, as image builders do; use
/// <see cref="Add"/> for entries written verbatim.
/// </summary>
public sealed class LayerBuilder
{
    /// <summary>The mtime of entries that do not set one; fixed so layers are reproducible.</summary>
    public static readonly DateTimeOffset DefaultModificationTime = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<LayerEntry> _entries = [];

    // Directories this builder created on its own; an explicit AddDir later replaces them in place.
    private readonly Dictionary<string, int> _implicitDirs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirs = new(StringComparer.Ordinal);

    public LayerBuilder(LayerCompression compression = LayerCompression.Gzip)
    {
        Compression = compression;
    }

    public LayerCompression Compression { get; set; }

    /// <summary>Gzip/zstd effort; Fastest keeps large test layers quick to build.</summary>
    public CompressionLevel CompressionLevel { get; set; } = CompressionLevel.Fastest;

    /// <summary>The "created_by" text recorded in the image history for this layer.</summary>
    public string? CreatedBy { get; set; }

    /// <summary>When true (default) convenience methods create missing parent directories.</summary>
    public bool CreateParents { get; set; } = true;

    public IReadOnlyList<LayerEntry> Entries => _entries;

    /// <summary>Adds an entry exactly as given (only a leading "/" is dropped from its path).</summary>
    public LayerBuilder Add(LayerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var path = TrimPath(entry.Path);
        entry = entry with { Path = path };
        if (entry.Type == LayerEntryType.Directory)
        {
            if (_implicitDirs.Remove(path, out var index))
            {
                _entries[index] = entry;
                return this;
            }

            _dirs.Add(path);
        }

        _entries.Add(entry);
        return this;
    }

    public LayerBuilder AddFile(string path, ReadOnlyMemory<byte> content, UnixFileMode? mode = null, int uid = 0, int gid = 0, DateTimeOffset? mtime = null)
    {
        EnsureParents(path);
        return Add(new LayerEntry { Path = path, Data = content, Mode = mode ?? Perm.Octal(644), Uid = uid, Gid = gid, ModificationTime = mtime });
    }

    public LayerBuilder AddFile(string path, string text, UnixFileMode? mode = null, int uid = 0, int gid = 0, DateTimeOffset? mtime = null) =>
        AddFile(path, System.Text.Encoding.UTF8.GetBytes(text), mode, uid, gid, mtime);

    /// <summary>A file whose content is read from <paramref name="hostPath"/> when the layer is written; mode defaults to the host file's.</summary>
    public LayerBuilder AddHostFile(string path, string hostPath, UnixFileMode? mode = null, int uid = 0, int gid = 0, DateTimeOffset? mtime = null)
    {
        ArgumentNullException.ThrowIfNull(hostPath);
        if (OperatingSystem.IsWindows() || !File.Exists(hostPath))
        {
            throw new FileNotFoundException($"host file for layer entry {path} not found", hostPath);
        }

        EnsureParents(path);
        return Add(new LayerEntry
        {
            Path = path,
            HostFile = hostPath,
            Mode = mode ?? (File.GetUnixFileMode(hostPath) & (UnixFileMode)0xFFF),
            Uid = uid,
            Gid = gid,
            ModificationTime = mtime,
        });
    }

    /// <summary>A file of <paramref name="length"/> incompressible, reproducible bytes (not held in memory).</summary>
    public LayerBuilder AddRandomFile(string path, long length, ulong seed = 1, UnixFileMode? mode = null)
    {
        EnsureParents(path);
        return Add(new LayerEntry { Path = path, RandomLength = length, RandomSeed = seed, Mode = mode ?? Perm.Octal(644) });
    }

    public LayerBuilder AddDir(string path, UnixFileMode? mode = null, int uid = 0, int gid = 0, DateTimeOffset? mtime = null)
    {
        EnsureParents(path);
        return Add(new LayerEntry { Path = path, Type = LayerEntryType.Directory, Mode = mode ?? Perm.Octal(755), Uid = uid, Gid = gid, ModificationTime = mtime });
    }

    public LayerBuilder AddSymlink(string path, string target, int uid = 0, int gid = 0)
    {
        EnsureParents(path);
        return Add(new LayerEntry { Path = path, Type = LayerEntryType.Symlink, LinkTarget = target, Mode = Perm.Octal(777), Uid = uid, Gid = gid });
    }

    /// <summary>A hard link to an earlier entry; <paramref name="target"/> is that entry's path.</summary>
    public LayerBuilder AddHardlink(string path, string target)
    {
        EnsureParents(path);
        return Add(new LayerEntry { Path = path, Type = LayerEntryType.Hardlink, LinkTarget = TrimPath(target) });
    }

    public LayerBuilder AddDevice(string path, LayerEntryType type, int major, int minor, UnixFileMode? mode = null)
    {
        if (type is not (LayerEntryType.CharDevice or LayerEntryType.BlockDevice or LayerEntryType.Fifo))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "not a device or fifo type");
        }

        EnsureParents(path);
        return Add(new LayerEntry { Path = path, Type = type, DeviceMajor = major, DeviceMinor = minor, Mode = mode ?? Perm.Octal(666) });
    }

    /// <summary>Deletes <paramref name="path"/> from lower layers: writes "dir/.wh.name".</summary>
    public LayerBuilder AddWhiteout(string path)
    {
        var trimmed = TrimPath(path).TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        var whiteout = slash < 0 ? ".wh." + trimmed : trimmed[..(slash + 1)] + ".wh." + trimmed[(slash + 1)..];
        EnsureParents(whiteout);
        return Add(new LayerEntry { Path = whiteout, Mode = Perm.Octal(600) });
    }

    /// <summary>Hides everything lower layers have below <paramref name="dir"/>: writes "dir/.wh..wh..opq" (and the dir itself if missing).</summary>
    public LayerBuilder AddOpaque(string dir)
    {
        var trimmed = TrimPath(dir).TrimEnd('/');
        if (!_dirs.Contains(trimmed) && !_implicitDirs.ContainsKey(trimmed))
        {
            AddDir(trimmed);
        }

        return Add(new LayerEntry { Path = trimmed + "/.wh..wh..opq", Mode = Perm.Octal(600) });
    }

    public string MediaType(ManifestFormat format) => (format, Compression) switch
    {
        (ManifestFormat.Oci, LayerCompression.Gzip) => Cais.Oci.Image.MediaTypes.OciLayerGzip,
        (ManifestFormat.Oci, LayerCompression.Zstd) => Cais.Oci.Image.MediaTypes.OciLayerZstd,
        (ManifestFormat.Oci, _) => Cais.Oci.Image.MediaTypes.OciLayer,
        (_, LayerCompression.Gzip) => Cais.Oci.Image.MediaTypes.DockerLayerGzip,
        (_, LayerCompression.Zstd) => DockerLayerZstd,
        _ => DockerLayerTar,
    };

    /// <summary>The (non-standard but served) Docker media type of an uncompressed layer.</summary>
    public const string DockerLayerTar = "application/vnd.docker.image.rootfs.diff.tar";

    /// <summary>The Docker-family zstd layer media type containerd recognises.</summary>
    public const string DockerLayerZstd = "application/vnd.docker.image.rootfs.diff.tar.zstd";

    /// <summary>Writes the compressed layer into <paramref name="blobDirectory"/> as &lt;hex&gt;, hashing on the fly.</summary>
    public async Task<BuiltLayer> WriteBlobAsync(string blobDirectory, ManifestFormat format, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(blobDirectory);
        var temp = Path.Combine(blobDirectory, ".tmp-" + Guid.NewGuid().ToString("N"));
        Digest digest;
        Digest diffId;
        long size;
        long uncompressedSize;
        try
        {
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                var compressed = new Cais.Archive.DigestingWriteStream(file, leaveOpen: true);
                await using (compressed.ConfigureAwait(false))
                {
                    var compressor = Compression switch
                    {
                        LayerCompression.Gzip => new GZipStream(compressed, CompressionLevel, leaveOpen: true),
                        LayerCompression.Zstd => new ZstdSharp.CompressionStream(compressed, ZstdLevel(CompressionLevel), 0, leaveOpen: true),
                        _ => (Stream?)null,
                    };
                    var tar = new Cais.Archive.DigestingWriteStream(compressor ?? compressed, leaveOpen: true);
                    await using (tar.ConfigureAwait(false))
                    {
                        var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true);
                        await using (writer.ConfigureAwait(false))
                        {
                            foreach (var entry in _entries)
                            {
                                await WriteEntryAsync(writer, entry, cancellationToken).ConfigureAwait(false);
                            }
                        }

                        await tar.FlushAsync(cancellationToken).ConfigureAwait(false);
                        diffId = tar.GetDigest();
                        uncompressedSize = tar.BytesWritten;
                    }

                    if (compressor is not null)
                    {
                        // Disposing ends the gzip member / zstd frame; it must happen before the hash is read.
                        await compressor.DisposeAsync().ConfigureAwait(false);
                    }

                    digest = compressed.GetDigest();
                    size = compressed.BytesWritten;
                }
            }

            var final = Path.Combine(blobDirectory, digest.Hex);
            File.Move(temp, final, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }

        return new BuiltLayer(digest, size, MediaType(format), diffId, uncompressedSize, Compression);
    }

    private static int ZstdLevel(CompressionLevel level) => level switch
    {
        CompressionLevel.Fastest => 1,
        CompressionLevel.SmallestSize => 19,
        CompressionLevel.NoCompression => 1,
        _ => 3,
    };

    private static async Task WriteEntryAsync(TarWriter writer, LayerEntry entry, CancellationToken cancellationToken)
    {
        var type = entry.Type switch
        {
            LayerEntryType.File => TarEntryType.RegularFile,
            LayerEntryType.Directory => TarEntryType.Directory,
            LayerEntryType.Symlink => TarEntryType.SymbolicLink,
            LayerEntryType.Hardlink => TarEntryType.HardLink,
            LayerEntryType.CharDevice => TarEntryType.CharacterDevice,
            LayerEntryType.BlockDevice => TarEntryType.BlockDevice,
            _ => TarEntryType.Fifo,
        };
        var name = entry.Type == LayerEntryType.Directory && !entry.Path.EndsWith('/') ? entry.Path + "/" : entry.Path;
        var tarEntry = entry.PaxAttributes is { Count: > 0 } pax
            ? new PaxTarEntry(type, name, pax)
            : new PaxTarEntry(type, name);
        tarEntry.Mode = entry.Mode;
        tarEntry.Uid = entry.Uid;
        tarEntry.Gid = entry.Gid;
        tarEntry.ModificationTime = entry.ModificationTime ?? DefaultModificationTime;
        if (entry.LinkTarget is not null)
        {
            tarEntry.LinkName = entry.LinkTarget;
        }

        if (type is TarEntryType.CharacterDevice or TarEntryType.BlockDevice)
        {
            tarEntry.DeviceMajor = entry.DeviceMajor;
            tarEntry.DeviceMinor = entry.DeviceMinor;
        }

        Stream? data = null;
        if (entry.Type == LayerEntryType.File)
        {
            data = entry.HostFile is not null
                ? new FileStream(entry.HostFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true)
                : entry.RandomLength > 0
                    ? new PseudoRandomStream(entry.RandomLength, entry.RandomSeed)
                    : new MemoryStream(entry.Data.ToArray(), writable: false);
        }

        try
        {
            if (data is not null)
            {
                tarEntry.DataStream = data;
            }

            await writer.WriteEntryAsync(tarEntry, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (data is not null)
            {
                await data.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private void EnsureParents(string path)
    {
        if (!CreateParents)
        {
            return;
        }

        var trimmed = TrimPath(path).TrimEnd('/');
        for (var slash = trimmed.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = trimmed.IndexOf('/', slash + 1))
        {
            var dir = trimmed[..slash];
            if (dir is "." or ".." || dir.EndsWith("/..", StringComparison.Ordinal) || _dirs.Contains(dir) || _implicitDirs.ContainsKey(dir))
            {
                continue;
            }

            _implicitDirs[dir] = _entries.Count;
            _entries.Add(new LayerEntry { Path = dir, Type = LayerEntryType.Directory, Mode = Perm.Octal(755) });
        }
    }

    private static string TrimPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.TrimStart('/');
    }
}
