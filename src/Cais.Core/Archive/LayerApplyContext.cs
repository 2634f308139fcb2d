using System.Buffers;
using System.Formats.Tar;
using System.Globalization;
using System.Text;
using Cais.Common;
using Cais.Linux;
using Cais.Linux.Interop;
using Microsoft.Win32.SafeHandles;

namespace Cais.Archive;

/// <summary>
/// State of one layer application. Every filesystem change goes through a parent directory fd obtained from
/// <see cref="InRootResolver"/> plus a single final name that is never followed, so nothing outside the root can
/// be created, changed or removed whatever the entries' names, link targets or earlier symlinks say.
/// </summary>
internal sealed class LayerApplyContext
{
    private const string WhiteoutPrefix = OciWhiteouts.WhiteoutPrefix;
    private const string WhiteoutMetaPrefix = OciWhiteouts.WhiteoutMetaPrefix;
    private const string OpaqueMarker = OciWhiteouts.OpaqueMarker;
    private const string OverlayOpaqueXattr = OciWhiteouts.OverlayOpaqueXattr;
    private const string PaxXattrPrefix = OciWhiteouts.PaxXattrPrefix;
    private const uint ParentMode = 0x1ED; // 0755
    private const int CopyBufferSize = 128 * 1024;

    private readonly SafeFileHandle _root;
    private readonly LayerApplyMode _mode;
    private readonly DiskSpaceGuard _space;
    private readonly bool _privileged = Environment.IsPrivilegedProcess;
    private readonly List<DeferredTimes> _directoryTimes = [];

    // Naive mode: entries this layer wrote, keyed by the resolved parent directory's identity, so an opaque
    // marker spares them even when they were reached through a symlinked parent.
    private readonly HashSet<(uint Major, uint Minor, ulong Inode, string Name)> _written = [];

    public LayerApplyContext(SafeFileHandle root, LayerApplyMode mode, IFileSystemSpaceProbe space)
    {
        _root = root;
        _mode = mode;
        _space = new DiskSpaceGuard(space, root);
    }

    public long EntryCount { get; private set; }

    public long BytesWritten { get; private set; }

    public long LinkTargetBytes { get; private set; }

    public async Task ApplyAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
        {
            return;
        }

        EntryCount++;

        // A GNU sparse file's tar name is a placeholder (GNUSparseFile.N/...); every rule applies to its real name.
        var sparse = GnuSparse.Detect(entry);
        var raw = sparse?.RealName ?? entry.Name;
        var parts = EntryPath.Split(raw, raw);
        if (parts.Count > 0 && parts[^1].StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            ApplyWhiteout(raw, parts);
            return;
        }

        if (parts.Count == 0)
        {
            if (entry.EntryType != TarEntryType.Directory)
            {
                throw new EngineException(ErrorKind.InvalidArgument, $"layer entry \"{raw}\" names the layer root but is not a directory");
            }

            ApplyMetadata(_root, ".", raw, parts, entry, isSymlink: false, isDirectory: true);
            return;
        }

        var name = parts[^1];
        using var parent = ResolveParent(raw, parts.GetRange(0, parts.Count - 1), create: true);
        switch (entry.EntryType)
        {
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                await WriteFileAsync(parent, name, raw, entry, sparse, cancellationToken).ConfigureAwait(false);
                ApplyMetadata(parent, name, raw, parts, entry, isSymlink: false, isDirectory: false);
                break;

            case TarEntryType.Directory:
                if (!PrepareTarget(parent, name, raw, directory: true))
                {
                    Throw(FileSystemAt.TryMkdir(parent, name, 0x1C0), "create directory", raw);
                }

                ApplyMetadata(parent, name, raw, parts, entry, isSymlink: false, isDirectory: true);
                break;

            case TarEntryType.SymbolicLink:
                PrepareTarget(parent, name, raw, directory: false);
                if (entry.LinkName.Length == 0 || entry.LinkName.Contains('\0', StringComparison.Ordinal))
                {
                    throw new EngineException(ErrorKind.InvalidArgument, $"layer entry \"{raw}\" is a symlink with an invalid target");
                }

                // The target is stored verbatim: it only matters when something resolves it, and every resolver
                // in the engine resolves inside the root.
                Throw(FileSystemAt.TrySymlink(entry.LinkName, parent, name), "create symlink", raw);
                LinkTargetBytes += Encoding.UTF8.GetByteCount(entry.LinkName);
                ApplyMetadata(parent, name, raw, parts, entry, isSymlink: true, isDirectory: false);
                break;

            case TarEntryType.HardLink:
                CreateHardLink(parent, name, raw, entry);
                break;

            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                if (CreateNode(parent, name, raw, entry))
                {
                    ApplyMetadata(parent, name, raw, parts, entry, isSymlink: false, isDirectory: false);
                }

                break;

            default:
                throw new EngineException(ErrorKind.NotImplemented, $"layer entry \"{raw}\" has unsupported tar type {entry.EntryType}");
        }

        RecordWritten(parent, name);
    }

    /// <summary>Sets directory times last, since writing a child changes its parent's mtime.</summary>
    public void FinishDirectories()
    {
        foreach (var deferred in _directoryTimes)
        {
            if (deferred.Parts.Count == 0)
            {
                Throw(FileSystemAt.TrySetTimes(_root, ".", deferred.Accessed, deferred.Modified), "set times of", deferred.EntryName);
                continue;
            }

            var rc = InRootResolver.TryOpenDirectory(_root, deferred.Parts.GetRange(0, deferred.Parts.Count - 1), create: false, 0, null, out var parent);
            if (rc != 0)
            {
                continue; // A later entry removed or replaced it.
            }

            using (parent)
            {
                var name = deferred.Parts[^1];
                if (FileSystemAt.TryStat(parent, name, out var status) == 0 && status.IsDirectory)
                {
                    Throw(FileSystemAt.TrySetTimes(parent, name, deferred.Accessed, deferred.Modified), "set times of", deferred.EntryName);
                }
            }
        }
    }

    private void ApplyWhiteout(string raw, List<string> parts)
    {
        var baseName = parts[^1];
        var directoryParts = parts.GetRange(0, parts.Count - 1);
        if (baseName == OpaqueMarker)
        {
            ApplyOpaque(raw, directoryParts);
            return;
        }

        if (baseName.StartsWith(WhiteoutMetaPrefix, StringComparison.Ordinal))
        {
            return; // aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs): no meaning in an OCI layer.
        }

        var target = baseName[WhiteoutPrefix.Length..];
        if (target == "..")
        {
            throw EntryPath.Escapes(raw);
        }

        if (target is "" or ".")
        {
            throw new EngineException(ErrorKind.InvalidArgument, $"layer entry \"{raw}\" is an invalid whiteout");
        }

        if (_mode == LayerApplyMode.Overlay)
        {
            using var parent = ResolveParent(raw, directoryParts, create: true);
            PrepareTarget(parent, target, raw, directory: false);
            var rc = FileSystemAt.TryMknod(parent, target, Libc.S_IFCHR, 0, 0);
            if (rc == Libc.EPERM)
            {
                throw new EngineException(ErrorKind.PermissionDenied, $"layer entry \"{raw}\": creating an overlay whiteout device requires CAP_MKNOD");
            }

            Throw(rc, "create whiteout for", raw);
            RecordWritten(parent, target);
            return;
        }

        var found = InRootResolver.TryOpenDirectory(_root, directoryParts, create: false, 0, null, out var directory);
        if (found is Libc.ENOENT or Libc.ENOTDIR)
        {
            return; // Nothing below a missing directory to hide.
        }

        ThrowResolve(found, raw);
        using (directory)
        {
            Throw(FileSystemAt.TryRemoveAll(directory, target), "remove whited-out path", raw);
        }
    }

    private void ApplyOpaque(string raw, List<string> directoryParts)
    {
        if (_mode == LayerApplyMode.Overlay)
        {
            using var directory = ResolveParent(raw, directoryParts, create: true);
            var rc = FileSystemAt.TrySetXattr(directory, ".", OverlayOpaqueXattr, "y"u8);
            if (rc == Libc.EPERM)
            {
                throw new EngineException(ErrorKind.PermissionDenied, $"layer entry \"{raw}\": setting {OverlayOpaqueXattr} requires CAP_SYS_ADMIN");
            }

            Throw(rc, "mark opaque directory for", raw);
            return;
        }

        var found = InRootResolver.TryOpenDirectory(_root, directoryParts, create: false, 0, null, out var dir);
        if (found is Libc.ENOENT or Libc.ENOTDIR)
        {
            return;
        }

        ThrowResolve(found, raw);
        using (dir)
        {
            Throw(FileSystemAt.TryStat(dir, string.Empty, out var status), "stat opaque directory for", raw);
            foreach (var child in FileSystemAt.ReadDirectory(dir))
            {
                if (!_written.Contains((status.DevMajor, status.DevMinor, status.Inode, child)))
                {
                    Throw(FileSystemAt.TryRemoveAll(dir, child), "empty opaque directory for", raw);
                }
            }
        }
    }

    private async Task WriteFileAsync(SafeFileHandle parent, string name, string raw, TarEntry entry, GnuSparse? sparse, CancellationToken cancellationToken)
    {
        var data = entry.DataStream;

        // A sparse map is read and checked in full before anything is created.
        var segments = sparse is null ? null : await sparse.ReadMapAsync(data, entry.Length, cancellationToken).ConfigureAwait(false);
        PrepareTarget(parent, name, raw, directory: false);

        // O_EXCL|O_NOFOLLOW: whatever was there has just been unlinked; if anything reappeared, fail rather than write through it.
        var rc = FileSystemAt.TryOpen(parent, name, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW | Libc.O_NOCTTY, 0x180, out var file);
        Throw(rc, "create file", raw);
        using (file)
        {
            try
            {
                if (segments is null)
                {
                    await CopyAsync(data, file, 0, long.MaxValue, raw, cancellationToken).ConfigureAwait(false);
                    return;
                }

                // Only the data ranges are written; the holes between them and up to the real size stay holes.
                foreach (var segment in segments)
                {
                    await CopyAsync(data, file, segment.Offset, segment.Length, raw, cancellationToken).ConfigureAwait(false);
                }

                RandomAccess.SetLength(file, sparse!.RealSize);
            }
            catch (IOException e) when (e.HResult == Libc.ENOSPC)
            {
                throw DiskSpaceGuard.Full(raw, e);
            }
        }
    }

    /// <summary>Copies up to <paramref name="count"/> bytes of <paramref name="data"/> to <paramref name="file"/> at <paramref name="offset"/>.</summary>
    private async Task CopyAsync(Stream? data, SafeFileHandle file, long offset, long count, string raw, CancellationToken cancellationToken)
    {
        if (data is null || count == 0)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            var left = count;
            while (left > 0)
            {
                var read = await data.ReadAsync(buffer.AsMemory(0, (int)Math.Min(CopyBufferSize, left)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    if (count == long.MaxValue)
                    {
                        return;
                    }

                    throw new EngineException(ErrorKind.InvalidArgument, $"layer entry \"{raw}\" ends before the data its GNU sparse map names");
                }

                await RandomAccess.WriteAsync(file, buffer.AsMemory(0, read), offset, cancellationToken).ConfigureAwait(false);
                offset += read;
                left -= read;
                BytesWritten += read;
                _space.Wrote(read, raw);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void CreateHardLink(SafeFileHandle parent, string name, string raw, TarEntry entry)
    {
        var targetParts = EntryPath.Split(entry.LinkName, raw);
        if (targetParts.Count == 0)
        {
            throw new EngineException(ErrorKind.InvalidArgument, $"layer entry \"{raw}\" is a hard link to the layer root");
        }

        var rc = InRootResolver.TryOpenDirectory(_root, targetParts.GetRange(0, targetParts.Count - 1), create: false, 0, null, out var targetParent);
        if (rc is Libc.ENOENT or Libc.ENOTDIR)
        {
            throw new EngineException(ErrorKind.NotFound, $"layer entry \"{raw}\": hard link target \"{entry.LinkName}\" not found in the layer");
        }

        ThrowResolve(rc, raw);
        using (targetParent)
        {
            var targetName = targetParts[^1];
            rc = FileSystemAt.TryStat(targetParent, targetName, out var target);
            if (rc == Libc.ENOENT)
            {
                throw new EngineException(ErrorKind.NotFound, $"layer entry \"{raw}\": hard link target \"{entry.LinkName}\" not found in the layer");
            }

            Throw(rc, "stat hard link target of", raw);
            if (target.IsDirectory)
            {
                throw new EngineException(ErrorKind.InvalidArgument, $"layer entry \"{raw}\" is a hard link to a directory");
            }

            if (FileSystemAt.TryStat(parent, name, out var existing) == 0 &&
                existing.Inode == target.Inode && existing.DevMajor == target.DevMajor && existing.DevMinor == target.DevMinor)
            {
                return; // Already the same file; unlinking first would destroy the target.
            }

            PrepareTarget(parent, name, raw, directory: false);
            Throw(FileSystemAt.TryLink(targetParent, targetName, parent, name), "create hard link", raw);
        }
    }

    /// <returns>false when the node was skipped because an unprivileged process may not create devices.</returns>
    private bool CreateNode(SafeFileHandle parent, string name, string raw, TarEntry entry)
    {
        PrepareTarget(parent, name, raw, directory: false);
        var type = entry.EntryType switch
        {
            TarEntryType.CharacterDevice => Libc.S_IFCHR,
            TarEntryType.BlockDevice => Libc.S_IFBLK,
            _ => Libc.S_IFIFO,
        };
        uint major = 0, minor = 0;
        if (entry is PosixTarEntry posix && type != Libc.S_IFIFO)
        {
            major = unchecked((uint)posix.DeviceMajor);
            minor = unchecked((uint)posix.DeviceMinor);
        }

        var rc = FileSystemAt.TryMknod(parent, name, type | 0x180, major, minor);
        if (rc == Libc.EPERM && !_privileged && type != Libc.S_IFIFO)
        {
            // Like rootless Docker/Podman: device nodes cannot be created without CAP_MKNOD and are skipped.
            return false;
        }

        Throw(rc, "create device node", raw);
        return true;
    }

    /// <summary>
    /// Clears the way for a new entry. A directory entry over an existing directory keeps it (and its contents);
    /// anything else is removed, recursively for directories, without following symlinks.
    /// </summary>
    /// <returns>true when an existing directory is kept.</returns>
    private static bool PrepareTarget(SafeFileHandle parent, string name, string raw, bool directory)
    {
        var rc = FileSystemAt.TryStat(parent, name, out var existing);
        if (rc == Libc.ENOENT)
        {
            return false;
        }

        Throw(rc, "stat", raw);
        if (directory && existing.IsDirectory)
        {
            return true;
        }

        rc = existing.IsDirectory ? FileSystemAt.TryRemoveAll(parent, name) : FileSystemAt.TryUnlink(parent, name, directory: false);
        Throw(rc, "replace existing", raw);
        return false;
    }

    private void ApplyMetadata(SafeFileHandle parent, string name, string raw, List<string> parts, TarEntry entry, bool isSymlink, bool isDirectory)
    {
        // Order matters: chown clears setuid/setgid and security.capability, so mode and xattrs come after it.
        var rc = FileSystemAt.TryChown(parent, name, entry.Uid, entry.Gid);
        if (rc != 0 && !(!_privileged && rc is Libc.EPERM or Libc.EINVAL))
        {
            Throw(rc, "change owner of", raw);
        }

        if (!isSymlink)
        {
            Throw(FileSystemAt.TryChmodNoFollow(parent, name, (uint)entry.Mode & 0xFFF), "change mode of", raw);
        }

        if (entry is PaxTarEntry pax)
        {
            foreach (var (key, value) in pax.ExtendedAttributes)
            {
                if (!key.StartsWith(PaxXattrPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var attribute = key[PaxXattrPrefix.Length..];

                // Overlay metadata (opaque, redirect, metacopy) is the engine's to write, from whiteouts only: a layer
                // that ships it could make overlayfs look up paths the image author should not control.
                if (attribute.Length == 0 || attribute.StartsWith("trusted.overlay.", StringComparison.Ordinal) ||
                    attribute.StartsWith("user.overlay.", StringComparison.Ordinal))
                {
                    continue;
                }

                rc = FileSystemAt.TrySetXattr(parent, name, attribute, Encoding.UTF8.GetBytes(value));
                if (rc == Libc.EOPNOTSUPP || (rc is Libc.EPERM or Libc.EACCES && (!_privileged || isSymlink)))
                {
                    continue; // Filesystem or privilege cannot hold it; Docker and containerd skip these too.
                }

                Throw(rc, $"set xattr {attribute} on", raw);
            }
        }

        var modified = entry.ModificationTime;
        var accessed = AccessTime(entry) ?? modified;
        if (isDirectory)
        {
            _directoryTimes.Add(new DeferredTimes(parts, raw, accessed, modified));
            return;
        }

        Throw(FileSystemAt.TrySetTimes(parent, name, accessed, modified), "set times of", raw);
    }

    private static DateTimeOffset? AccessTime(TarEntry entry)
    {
        switch (entry)
        {
            case GnuTarEntry gnu when gnu.AccessTime > DateTimeOffset.UnixEpoch:
                return gnu.AccessTime;
            case PaxTarEntry pax when pax.ExtendedAttributes.TryGetValue("atime", out var text) &&
                                      decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds) &&
                                      seconds is > -62135596800m and < 253402300799m:
                return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
            default:
                return null;
        }
    }

    private SafeFileHandle ResolveParent(string raw, List<string> parentParts, bool create)
    {
        Action<SafeFileHandle, string>? created = _mode == LayerApplyMode.Naive ? RecordWritten : null;
        var rc = InRootResolver.TryOpenDirectory(_root, parentParts, create, ParentMode, created, out var parent);
        ThrowResolve(rc, raw);
        return parent;
    }

    private void RecordWritten(SafeFileHandle parent, string name)
    {
        if (_mode == LayerApplyMode.Naive && FileSystemAt.TryStat(parent, string.Empty, out var status) == 0)
        {
            _written.Add((status.DevMajor, status.DevMinor, status.Inode, name));
        }
    }

    private static void ThrowResolve(int rc, string raw)
    {
        switch (rc)
        {
            case 0:
                return;
            case Libc.ELOOP:
                throw new EngineException(ErrorKind.InvalidArgument, $"layer entry \"{raw}\": too many levels of symbolic links in its parent path");
            case Libc.ENOTDIR:
                throw new EngineException(ErrorKind.InvalidArgument, $"layer entry \"{raw}\": a parent path component is not a directory");
            default:
                throw FileSystemAt.Error(rc, "resolve parent directory of layer entry", raw);
        }
    }

    private static void Throw(int rc, string operation, string raw)
    {
        if (rc == Libc.ENOSPC)
        {
            throw DiskSpaceGuard.Full(raw);
        }

        if (rc != 0)
        {
            throw FileSystemAt.Error(rc, operation + " layer entry", raw);
        }
    }

    private sealed record DeferredTimes(List<string> Parts, string EntryName, DateTimeOffset Accessed, DateTimeOffset Modified);
}
