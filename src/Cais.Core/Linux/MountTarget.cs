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
        // A symlink in the last component is followed: the runtime follows it inside the root too, so the file
        // belongs where the link leads.
        var rc = InRootResolver.TryResolve(root, path, create: true, DirectoryMode, out var parent, out var name, out var status);
        if (rc != 0)
        {
            throw FileSystemAt.Error(rc, "create mount point", path);
        }

        using (parent)
        {
            if (status is not null)
            {
                return; // Something is there already: the runtime mounts onto it or says why it cannot.
            }

            rc = FileSystemAt.TryOpen(parent, name, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW | Libc.O_NOCTTY, FileMode, out var file);
            if (rc == 0)
            {
                file.Dispose();
                _ = FileSystemAt.TryChmodNoFollow(parent, name, FileMode); // umask may have narrowed it.
            }
            else if (rc != Libc.EEXIST)
            {
                // EEXIST: something appeared there meanwhile, which is as good as finding it.
                throw FileSystemAt.Error(rc, "create mount point", path);
            }
        }
    }
}
