using Cais.Linux.Interop;

namespace Cais.Linux;

/// <summary>
/// Creates the mount point of a file bind inside a container's root filesystem before the runtime mounts onto it.
/// The path is resolved as if the rootfs were "/" (<see cref="InRootResolver"/>): missing parents are made there,
/// a symlink in the last component is re-walked inside the root, and the file is made with O_CREAT|O_EXCL|O_NOFOLLOW,
/// so a hostile image cannot make it create or touch anything outside its root.
/// </summary>
internal static class MountTarget
{
    private const uint DirectoryMode = 0x1ED; // 0755
    private const uint FileMode = 0x1A4; // 0644

    /// <summary>
    /// Makes <paramref name="path"/> (absolute, in the container's view) an empty regular file under
    /// <paramref name="rootfs"/> unless something already exists there; the runtime reports what cannot be mounted on.
    /// </summary>
    public static void EnsureFile(string rootfs, string path)
    {
        using var root = FileSystemAt.OpenDirectoryPath(rootfs);
        var current = path;
        for (var hops = 0; ; hops++)
        {
            if (hops > InRootResolver.MaxSymlinks)
            {
                throw FileSystemAt.Error(Libc.ELOOP, "create mount point", path);
            }

            var parts = current.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                return; // The root itself (a symlink to "/"): it exists.
            }

            var name = parts[^1];
            var rc = InRootResolver.TryOpenDirectory(root, parts[..^1], create: true, DirectoryMode, null, out var parent);
            if (rc != 0)
            {
                throw FileSystemAt.Error(rc, "create mount point", path);
            }

            using (parent)
            {
                if (name == "..")
                {
                    return; // Resolves to an existing directory.
                }

                rc = FileSystemAt.TryOpen(parent, name, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW | Libc.O_NOCTTY, FileMode, out var file);
                if (rc == 0)
                {
                    file.Dispose();
                    _ = FileSystemAt.TryChmodNoFollow(parent, name, FileMode); // umask may have narrowed it.
                    return;
                }

                if (rc != Libc.EEXIST)
                {
                    throw FileSystemAt.Error(rc, "create mount point", path);
                }

                rc = FileSystemAt.TryStat(parent, name, out var status);
                if (rc != 0 || !status.IsSymlink)
                {
                    return; // Something is there already: the runtime mounts onto it or says why it cannot.
                }

                rc = FileSystemAt.TryOpen(parent, name, Libc.O_PATH | Libc.O_NOFOLLOW, 0, out var link);
                var target = "";
                using (link)
                {
                    rc = rc != 0 ? rc : FileSystemAt.TryReadLink(link, out target);
                }

                if (rc != 0)
                {
                    throw FileSystemAt.Error(rc, "create mount point", path);
                }

                // The runtime follows the link inside the root too: the file belongs where the link leads.
                current = target.StartsWith('/') ? target : string.Join('/', parts[..^1]) + "/" + target;
            }
        }
    }
}
