using Cais.Common;
using Cais.Linux;
using Cais.Oci.Runtime;

namespace Cais.Containers;

/// <summary>Both ends of bind mounts: the host source of a -v bind, and the mount point of a file bind in the rootfs.</summary>
public static class BindTargets
{
    /// <summary>
    /// Docker creates a missing -v source as a directory (unlike --mount, which refuses it); an existing file or
    /// directory is used as it is.
    /// </summary>
    public static void EnsureSource(string source)
    {
        if (Path.Exists(source))
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(source);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw EngineException.Invalid($"error while creating mount source path '{source}': {e.Message}");
        }
    }

    /// <summary>
    /// Creates, safely inside <paramref name="rootfs"/>, the empty file each bind of a host file (not a directory) is
    /// mounted onto. Directory mount points are left to the runtime, which creates them inside the root as well.
    /// </summary>
    public static void Prepare(string rootfs, IEnumerable<SpecMount> mounts)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        foreach (var mount in mounts)
        {
            if (mount.Type == "bind" && mount.Source is { } source && File.Exists(source))
            {
                MountTarget.EnsureFile(rootfs, mount.Destination);
            }
        }
    }
}
