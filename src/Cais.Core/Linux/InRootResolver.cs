using Cais.Linux.Interop;
using Microsoft.Win32.SafeHandles;

namespace Cais.Linux;

/// <summary>
/// Resolves a path inside a directory as if that directory were "/" (openat2's RESOLVE_IN_ROOT, done in user
/// space so it works on any kernel): every component is opened with O_NOFOLLOW from a pinned fd, symlinks are read
/// and re-walked from the root when absolute, and ".." pops our own stack of fds, clamping at the root. The kernel
/// never resolves more than one component, so no symlink or ".." can reach outside the root.
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
}
