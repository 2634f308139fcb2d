using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Cais.Linux;
using Cais.Linux.Interop;

namespace Cais.Archive;

/// <summary>
/// Writes changes as an OCI layer: a PAX tar (owners, modes, times, xattrs, hard links, symlinks, devices, whiteouts
/// and opaque markers) compressed with gzip, hashing the tar and the blob on the way, so one pass gives the DiffID,
/// the digest and the size. The inverse of <see cref="LayerApplier"/>: applying what it writes reproduces the tree.
/// </summary>
public static class LayerWriter
{
    /// <summary>The changes an overlay upper directory holds (see <see cref="OverlayChanges"/>).</summary>
    public static Task<WrittenLayer> WriteOverlayUpperAsync(string upper, Stream output, CancellationToken cancellationToken) =>
        WriteAsync(OverlayChanges.Of(upper), output, cancellationToken);

    /// <summary>The difference between two trees (see <see cref="TreeChanges"/>).</summary>
    public static Task<WrittenLayer> WriteDiffAsync(string lower, string upper, Stream output, CancellationToken cancellationToken) =>
        WriteAsync(TreeChanges.Between(lower, upper), output, cancellationToken);

    public static async Task<WrittenLayer> WriteAsync(IEnumerable<LayerChange> changes, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var blob = new DigestingWriteStream(output, leaveOpen: true);
        await using (blob.ConfigureAwait(false))
        {
            Common.Digest diffId;
            var gzip = new GZipStream(blob, CompressionLevel.Fastest, leaveOpen: true);
            await using (gzip.ConfigureAwait(false))
            {
                var tar = new DigestingWriteStream(gzip, leaveOpen: true);
                await using (tar.ConfigureAwait(false))
                {
                    var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true);
                    await using (writer.ConfigureAwait(false))
                    {
                        var links = new Dictionary<(ulong Inode, uint Major, uint Minor), string>();
                        foreach (var change in changes)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            await WriteChangeAsync(writer, change, links, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    diffId = tar.GetDigest(); // The writer has written the end-of-archive blocks.
                }
            }

            await blob.FlushAsync(cancellationToken).ConfigureAwait(false);
            return new WrittenLayer(diffId, blob.GetDigest(), blob.BytesWritten);
        }
    }

    private static async Task WriteChangeAsync(TarWriter writer, LayerChange change, Dictionary<(ulong, uint, uint), string> links, CancellationToken cancellationToken)
    {
        switch (change.Kind)
        {
            case LayerChangeKind.Whiteout:
                var slash = change.Path.LastIndexOf('/');
                var name = slash < 0 ? OciWhiteouts.WhiteoutPrefix + change.Path : change.Path[..(slash + 1)] + OciWhiteouts.WhiteoutPrefix + change.Path[(slash + 1)..];
                await writer.WriteEntryAsync(Marker(name), cancellationToken).ConfigureAwait(false);
                return;
            case LayerChangeKind.Opaque:
                await writer.WriteEntryAsync(Marker(change.Path + "/" + OciWhiteouts.OpaqueMarker), cancellationToken).ConfigureAwait(false);
                return;
        }

        var source = change.Source ?? throw new ArgumentException($"change {change.Path} has no source", nameof(change));
        var status = FileSystemAt.LStat(source);
        var type = EntryTypeOf(status);
        if (type is null)
        {
            return; // Sockets have no tar form; the process that made one makes it again.
        }

        var entry = new PaxTarEntry(type.Value, status.IsDirectory ? change.Path + "/" : change.Path, Xattrs(source))
        {
            Mode = (UnixFileMode)status.Permissions,
            Uid = (int)status.Uid,
            Gid = (int)status.Gid,
            ModificationTime = status.Modified,
        };

        FileStream? data = null;
        try
        {
            switch (type.Value)
            {
                case TarEntryType.SymbolicLink:
                    entry.LinkName = new FileInfo(source).LinkTarget ?? string.Empty;
                    break;
                case TarEntryType.CharacterDevice or TarEntryType.BlockDevice:
                    entry.DeviceMajor = (int)status.RdevMajor;
                    entry.DeviceMinor = (int)status.RdevMinor;
                    break;
                case TarEntryType.RegularFile when status.LinkCount > 1 && links.TryGetValue((status.Inode, status.DevMajor, status.DevMinor), out var first):
                    entry = new PaxTarEntry(TarEntryType.HardLink, change.Path, entry.ExtendedAttributes)
                    {
                        Mode = entry.Mode,
                        Uid = entry.Uid,
                        Gid = entry.Gid,
                        ModificationTime = entry.ModificationTime,
                        LinkName = first,
                    };
                    break;
                case TarEntryType.RegularFile:
                    if (status.LinkCount > 1)
                    {
                        links[(status.Inode, status.DevMajor, status.DevMinor)] = change.Path;
                    }

                    data = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
                    entry.DataStream = data;
                    break;
            }

            await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (data is not null)
            {
                await data.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static PaxTarEntry Marker(string name) =>
        new(TarEntryType.RegularFile, name) { Mode = 0, ModificationTime = DateTimeOffset.UnixEpoch };

    private static TarEntryType? EntryTypeOf(FileStatus status) => status.Type switch
    {
        Libc.S_IFREG => TarEntryType.RegularFile,
        Libc.S_IFDIR => TarEntryType.Directory,
        Libc.S_IFLNK => TarEntryType.SymbolicLink,
        Libc.S_IFCHR => TarEntryType.CharacterDevice,
        Libc.S_IFBLK => TarEntryType.BlockDevice,
        Libc.S_IFIFO => TarEntryType.Fifo,
        _ => null,
    };

    /// <summary>The file's xattrs as PAX records, without overlayfs's own (the applier refuses those in a layer).</summary>
    private static Dictionary<string, string> Xattrs(string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in FileSystemAt.ListXattrs(path))
        {
            if (name.StartsWith("trusted.overlay.", StringComparison.Ordinal) || name.StartsWith("user.overlay.", StringComparison.Ordinal))
            {
                continue;
            }

            if (FileSystemAt.GetXattr(path, name) is { } value)
            {
                // The applier reads PAX values as UTF-8, as Go's archive/tar writes them.
                result[OciWhiteouts.PaxXattrPrefix + name] = Encoding.UTF8.GetString(value);
            }
        }

        return result;
    }
}
