using System.Runtime.InteropServices;
using System.Text;
using Cais.Common;
using Cais.Linux.Interop;
using Microsoft.Win32.SafeHandles;

namespace Cais.Linux;

/// <summary>
/// Opens a file of an untrusted tree (a container rootfs) as if chrooted into it: symlinks, absolute or
/// relative, and ".." are resolved inside the root, never reaching host paths. The walk goes one component
/// at a time with openat(O_PATH|O_NOFOLLOW) so nothing is followed behind our back, and only a regular file
/// is ever opened for reading: a FIFO would block open/read forever and a device (/dev/zero) reads without
/// end (CVE-2024-9676).
/// </summary>
internal static class RootedFile
{
    private const int MaxSymlinks = 40; // Linux's own MAXSYMLINKS.

    /// <summary>
    /// Opens <paramref name="path"/> inside <paramref name="root"/> for reading. Returns null when it does not
    /// exist (in the root's view). Throws <see cref="EngineException"/> when it exists but is not a regular file.
    /// </summary>
    public static SafeFileHandle? OpenRegular(string root, string path)
    {
        var rootFd = Open(Libc.AT_FDCWD, root, Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC);
        if (rootFd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot open root directory {root}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        // The stack holds the directories walked so far; its bottom is the root, and ".." pops but never
        // below it, which is what chroot does with "/..".
        var dirs = new List<SafeFileHandle> { new((nint)rootFd, ownsHandle: true) };
        try
        {
            var pending = new LinkedList<string>(Split(path));
            var hops = 0;
            while (pending.First is { } node)
            {
                var name = node.Value;
                pending.RemoveFirst();
                if (name is "" or ".")
                {
                    continue;
                }

                if (name == "..")
                {
                    if (dirs.Count > 1)
                    {
                        dirs[^1].Dispose();
                        dirs.RemoveAt(dirs.Count - 1);
                    }

                    continue;
                }

                var parent = Fd(dirs[^1]);
                var fd = Open(parent, name, Libc.O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC);
                if (fd < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno is Libc.ENOENT or Libc.ENOTDIR)
                    {
                        return null;
                    }

                    throw new IOException($"cannot open {path} in {root}: {Marshal.GetPInvokeErrorMessage(errno)}");
                }

                var handle = new SafeFileHandle((nint)fd, ownsHandle: true);
                var stat = Stat(handle, path);
                var type = (ushort)(stat.Mode & Libc.S_IFMT);
                if (type == Libc.S_IFLNK)
                {
                    var target = ReadLink(handle, path);
                    handle.Dispose();
                    if (++hops > MaxSymlinks)
                    {
                        throw EngineException.Invalid($"too many levels of symbolic links resolving {path} in the container image");
                    }

                    if (target.StartsWith('/'))
                    {
                        while (dirs.Count > 1)
                        {
                            dirs[^1].Dispose();
                            dirs.RemoveAt(dirs.Count - 1);
                        }
                    }

                    foreach (var part in Split(target).Reverse())
                    {
                        pending.AddFirst(part);
                    }

                    continue;
                }

                if (pending.Count > 0)
                {
                    if (type != Libc.S_IFDIR)
                    {
                        handle.Dispose();
                        return null;
                    }

                    dirs.Add(handle);
                    continue;
                }

                using (handle)
                {
                    if (type != Libc.S_IFREG)
                    {
                        throw NotRegular(path);
                    }

                    return ReopenForReading(parent, name, stat, path);
                }
            }

            // The path named a directory (e.g. "/", "/etc/..").
            throw NotRegular(path);
        }
        finally
        {
            foreach (var dir in dirs)
            {
                dir.Dispose();
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

    // The O_PATH handle cannot be read; open the same name again without following and without blocking,
    // then make sure it is still the very file we checked (it could have been swapped in between).
    private static SafeFileHandle ReopenForReading(int parent, string name, Libc.StatxBuffer expected, string path)
    {
        var fd = Open(parent, name, Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot open {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        var handle = new SafeFileHandle((nint)fd, ownsHandle: true);
        var stat = Stat(handle, path);
        if ((stat.Mode & Libc.S_IFMT) != Libc.S_IFREG || stat.Inode != expected.Inode
            || stat.DevMajor != expected.DevMajor || stat.DevMinor != expected.DevMinor)
        {
            handle.Dispose();
            throw NotRegular(path);
        }

        return handle;
    }

    private static EngineException NotRegular(string path) =>
        EngineException.Invalid($"{path} in the container image is not a regular file");

    private static int Open(int dirfd, string name, int flags)
    {
        while (true)
        {
            var fd = Libc.OpenAt(dirfd, name, flags, 0);
            if (fd >= 0 || Marshal.GetLastPInvokeError() != 4 /* EINTR */)
            {
                return fd;
            }
        }
    }

    private static int Fd(SafeFileHandle handle) => (int)handle.DangerousGetHandle();

    private static Libc.StatxBuffer Stat(SafeFileHandle handle, string path)
    {
        if (Libc.Statx(Fd(handle), "", Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW,
                Libc.STATX_TYPE | Libc.STATX_MODE | Libc.STATX_INO | Libc.STATX_SIZE, out var stat) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot stat {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        return stat;
    }

    private static string ReadLink(SafeFileHandle handle, string path)
    {
        var buffer = new byte[4096];
        var length = Libc.ReadLinkAt(Fd(handle), "", buffer, (nuint)buffer.Length);
        if (length < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot read link while resolving {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        return Encoding.UTF8.GetString(buffer, 0, (int)length);
    }

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
