using System.Runtime.InteropServices;
using System.Text;
using Cais.Common;
using Cais.Linux.Interop;
using Microsoft.Win32.SafeHandles;

namespace Cais.Linux;

/// <summary>
/// The one resolver of paths inside an untrusted tree (a layer being applied, a container rootfs): a path is resolved
/// as if that directory were "/" (openat2's RESOLVE_IN_ROOT, done in user space so it works on any kernel). Every
/// component is opened with O_NOFOLLOW from a pinned fd, symlinks are read and re-walked from the root when
/// absolute, and ".." pops our own stack of fds, clamping at the root. The kernel never resolves more than one
/// component, so no symlink or ".." can reach outside the root. The syscalls go through <see cref="FileSystemAt"/>.
/// </summary>
internal static class InRootResolver
{
    /// <summary>The kernel's MAXSYMLINKS.</summary>
    public const int MaxSymlinks = 40;

    /// <summary>
    /// Opens (O_PATH) the directory named by <paramref name="components"/> under <paramref name="root"/>.
    /// With <paramref name="create"/>, missing directories are made with <paramref name="createMode"/> at the
    /// place the walk resolved to and reported through <paramref name="created"/> (parent fd, name).
    /// Returns 0 or an errno (ENOENT, ENOTDIR, ELOOP, ...).
    /// </summary>
    public static int TryOpenDirectory(
        SafeFileHandle root,
        IEnumerable<string> components,
        bool create,
        uint createMode,
        Action<SafeFileHandle, string>? created,
        out SafeFileHandle directory)
    {
        directory = new SafeFileHandle();
        var rc = FileSystemAt.TryOpen(root, ".", Libc.O_PATH | Libc.O_DIRECTORY, 0, out var rootCopy);
        if (rc != 0)
        {
            return rc;
        }

        var stack = new List<SafeFileHandle> { rootCopy };
        var pending = new Stack<string>(components.Reverse());
        var symlinks = 0;
        try
        {
            while (pending.Count > 0)
            {
                var name = pending.Pop();
                if (name is "" or ".")
                {
                    continue;
                }

                if (name == "..")
                {
                    if (stack.Count > 1)
                    {
                        stack[^1].Dispose();
                        stack.RemoveAt(stack.Count - 1);
                    }

                    continue;
                }

                var current = stack[^1];
                rc = FileSystemAt.TryOpen(current, name, Libc.O_PATH | Libc.O_NOFOLLOW, 0, out var next);
                if (rc == Libc.ENOENT && create)
                {
                    var mk = FileSystemAt.TryMkdir(current, name, createMode);
                    if (mk == 0)
                    {
                        // umask may have narrowed the mode; missing parents are documented as createMode.
                        _ = FileSystemAt.TryChmodNoFollow(current, name, createMode);
                        created?.Invoke(current, name);
                    }
                    else if (mk != Libc.EEXIST)
                    {
                        return mk;
                    }

                    // EEXIST means a dangling symlink sits there; reopening it walks its target below.
                    rc = FileSystemAt.TryOpen(current, name, Libc.O_PATH | Libc.O_NOFOLLOW, 0, out next);
                }

                if (rc != 0)
                {
                    return rc;
                }

                rc = FileSystemAt.TryStat(next, string.Empty, out var status);
                if (rc != 0)
                {
                    next.Dispose();
                    return rc;
                }

                if (status.IsDirectory)
                {
                    stack.Add(next);
                    continue;
                }

                if (!status.IsSymlink)
                {
                    next.Dispose();
                    return Libc.ENOTDIR;
                }

                string target;
                using (next)
                {
                    if (++symlinks > MaxSymlinks)
                    {
                        return Libc.ELOOP;
                    }

                    rc = FileSystemAt.TryReadLink(next, out target);
                    if (rc != 0)
                    {
                        return rc;
                    }
                }

                if (target.Length == 0)
                {
                    return Libc.ENOENT;
                }

                if (target[0] == '/')
                {
                    // An absolute target is relative to the root, never to the host's "/".
                    while (stack.Count > 1)
                    {
                        stack[^1].Dispose();
                        stack.RemoveAt(stack.Count - 1);
                    }
                }

                var parts = target.Split('/');
                for (var i = parts.Length - 1; i >= 0; i--)
                {
                    pending.Push(parts[i]);
                }
            }

            directory = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            return 0;
        }
        finally
        {
            foreach (var handle in stack)
            {
                handle.Dispose();
            }
        }
    }

    /// <summary>
    /// Resolves a whole path: its directories as <see cref="TryOpenDirectory"/> does, then its last component, where a
    /// symlink is followed too (re-walked inside the root, as the kernel and the runtime would). Gives the directory
    /// that holds the entry, its name there, and its status (never a symlink), or a null status when nothing is there.
    /// A path ending in "." or ".." (or naming the root) gives the directory itself as name ".". Returns 0 or an errno.
    /// </summary>
    public static int TryResolve(
        SafeFileHandle root,
        string path,
        bool create,
        uint createMode,
        out SafeFileHandle parent,
        out string name,
        out FileStatus? status)
    {
        parent = new SafeFileHandle();
        name = ".";
        status = null;
        var current = path;
        for (var hops = 0; hops <= MaxSymlinks; hops++)
        {
            var parts = current.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var whole = parts.Length == 0 || parts[^1] is "." or "..";
            var rc = TryOpenDirectory(root, whole ? parts : parts[..^1], create, createMode, null, out var directory);
            if (rc != 0)
            {
                return rc;
            }

            var last = whole ? "." : parts[^1];
            rc = FileSystemAt.TryStat(directory, last, out var found);
            if (rc != 0 && rc != Libc.ENOENT)
            {
                directory.Dispose();
                return rc;
            }

            if (rc == Libc.ENOENT || !found.IsSymlink)
            {
                parent = directory;
                name = last;
                status = rc == 0 ? found : null;
                return 0;
            }

            var target = "";
            using (directory)
            {
                rc = FileSystemAt.TryOpen(directory, last, Libc.O_PATH | Libc.O_NOFOLLOW, 0, out var link);
                using (link)
                {
                    rc = rc != 0 ? rc : FileSystemAt.TryReadLink(link, out target);
                }
            }

            if (rc != 0)
            {
                return rc;
            }

            if (target.Length == 0)
            {
                return Libc.ENOENT;
            }

            current = target.StartsWith('/') ? target : string.Join('/', parts[..^1]) + "/" + target;
        }

        return Libc.ELOOP;
    }

    /// <summary>
    /// Opens <paramref name="path"/> inside <paramref name="root"/> for reading. Returns null when it does not exist
    /// (in the root's view). Throws <see cref="EngineException"/> when it exists but is not a regular file: a FIFO would
    /// block open and read forever and a device (/dev/zero) reads without end (CVE-2024-9676), so only a regular file
    /// is ever opened for reading.
    /// </summary>
    public static SafeFileHandle? OpenRegular(string root, string path)
    {
        SafeFileHandle rootHandle;
        try
        {
            rootHandle = FileSystemAt.OpenDirectoryPath(root);
        }
        catch (EngineException e)
        {
            throw new IOException($"cannot open root directory {root}: {e.Message}", e);
        }

        using (rootHandle)
        {
            var rc = TryResolve(rootHandle, path, create: false, 0, out var parent, out var name, out var status);
            switch (rc)
            {
                case 0:
                    break;
                case Libc.ENOENT or Libc.ENOTDIR:
                    return null;
                case Libc.ELOOP:
                    throw EngineException.Invalid($"too many levels of symbolic links resolving {path} in the container image");
                default:
                    throw new IOException($"cannot open {path} in {root}: {Marshal.GetPInvokeErrorMessage(rc)}");
            }

            using (parent)
            {
                if (status is not { } found)
                {
                    return null;
                }

                if (!found.IsRegularFile)
                {
                    throw NotRegular(path);
                }

                return ReopenForReading(parent, name, found, path);
            }
        }
    }

    /// <summary>
    /// Reads a regular file inside <paramref name="root"/> as UTF-8, refusing more than <paramref name="maxBytes"/>
    /// bytes so a huge file cannot exhaust memory (CVE-2026-47262). Returns null when the file does not exist.
    /// </summary>
    public static async Task<string?> ReadAllTextAsync(string root, string path, int maxBytes, CancellationToken cancellationToken)
    {
        using var handle = OpenRegular(root, path);
        if (handle is null)
        {
            return null;
        }

        var reader = new BoundedReader(path, maxBytes);
        int read;
        while ((read = await RandomAccess.ReadAsync(handle, reader.Buffer, reader.Offset, cancellationToken).ConfigureAwait(false)) > 0)
        {
            reader.Advance(read);
        }

        return reader.Text();
    }

    /// <summary>Synchronous <see cref="ReadAllTextAsync"/> for callers that cannot await; the file is a bounded regular file.</summary>
    public static string? ReadAllText(string root, string path, int maxBytes)
    {
        using var handle = OpenRegular(root, path);
        if (handle is null)
        {
            return null;
        }

        var reader = new BoundedReader(path, maxBytes);
        int read;
        while ((read = RandomAccess.Read(handle, reader.Buffer, reader.Offset)) > 0)
        {
            reader.Advance(read);
        }

        return reader.Text();
    }

    // The O_PATH walk cannot read; open the same name again without following and without blocking, then make sure
    // it is still the very file that was checked (it could have been swapped in between).
    private static SafeFileHandle ReopenForReading(SafeFileHandle parent, string name, FileStatus expected, string path)
    {
        var rc = FileSystemAt.TryOpen(parent, name, Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_NONBLOCK, 0, out var handle);
        if (rc != 0)
        {
            throw new IOException($"cannot open {path}: {Marshal.GetPInvokeErrorMessage(rc)}");
        }

        rc = FileSystemAt.TryStat(handle, string.Empty, out var opened);
        if (rc != 0 || !opened.IsRegularFile || opened.Inode != expected.Inode
            || opened.DevMajor != expected.DevMajor || opened.DevMinor != expected.DevMinor)
        {
            handle.Dispose();
            throw rc != 0 ? new IOException($"cannot stat {path}: {Marshal.GetPInvokeErrorMessage(rc)}") : NotRegular(path);
        }

        return handle;
    }

    private static EngineException NotRegular(string path) =>
        EngineException.Invalid($"{path} in the container image is not a regular file");

    // The size is checked while reading rather than trusted from stat: the file may grow meanwhile.
    private sealed class BoundedReader(string path, int maxBytes)
    {
        private readonly MemoryStream _content = new();

        public byte[] Buffer { get; } = new byte[Math.Min(maxBytes + 1, 64 * 1024)];

        public long Offset { get; private set; }

        public void Advance(int read)
        {
            Offset += read;
            if (Offset > maxBytes)
            {
                throw EngineException.Invalid($"{path} in the container image is larger than {maxBytes} bytes");
            }

            _content.Write(Buffer, 0, read);
        }

        public string Text() => Encoding.UTF8.GetString(_content.GetBuffer(), 0, (int)_content.Length);
    }
}
