using System.Globalization;
using System.Text;
using Cais.Common;
using Cais.Linux.Interop;

namespace Cais.Linux;

/// <summary>
/// Applies <see cref="Mount"/> records: the caller's half of the snapshotter contract (the container service mounts a
/// container's root filesystem with it; layer unpacking asks it for the directory to write into without mounting).
/// </summary>
public static class Mounter
{
    /// <summary>
    /// Mounts <paramref name="mounts"/> onto <paramref name="target"/> in order, unless <paramref name="target"/> is a
    /// mount point already (a start after a crash finds the root filesystem still mounted).
    /// </summary>
    public static void EnsureMounted(IReadOnlyList<Mount> mounts, string target)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        if (mounts.All(m => IsInPlace(m, target)) || Mounts.IsMountPoint(target))
        {
            return;
        }

        foreach (var mount in mounts)
        {
            Apply(mount, target);
        }
    }

    /// <summary>Unmounts everything at or below <paramref name="target"/>; nothing mounted is fine.</summary>
    public static void UnmountAll(string target)
    {
        foreach (var point in Mounts.MountsUnder(target))
        {
            Mounts.Unmount(point, detach: true);
        }
    }

    /// <summary>
    /// The directory that receives writes to these mounts when nothing else is mounted over it: a writable bind's
    /// source, or overlay's upper directory (where a layer is unpacked with overlay whiteouts, no mount needed).
    /// </summary>
    public static string WritableDirectory(IReadOnlyList<Mount> mounts)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        if (mounts.Count == 1)
        {
            var mount = mounts[0];
            if (mount.Type == "bind" && !mount.Has("ro"))
            {
                return mount.Source;
            }

            if (mount.Type == "overlay" && mount.Option("upperdir") is { } upper)
            {
                return upper;
            }
        }

        throw new EngineException(ErrorKind.InvalidArgument, "the snapshot's mounts have no writable directory");
    }

    public static void Apply(Mount mount, string target)
    {
        ArgumentNullException.ThrowIfNull(mount);
        switch (mount.Type)
        {
            case "overlay":
                MountOverlay(mount, target);
                break;
            case "bind":
                if (IsInPlace(mount, target))
                {
                    return;
                }

                Mounts.Mount(mount.Source, target, null, Libc.MS_BIND | (mount.Has("rbind") ? Libc.MS_REC : 0), null);
                if (mount.Has("ro"))
                {
                    Mounts.Mount(mount.Source, target, null, Libc.MS_BIND | Libc.MS_REMOUNT | Libc.MS_RDONLY, null);
                }

                break;
            default:
                var flags = mount.Has("ro") ? Libc.MS_RDONLY : 0;
                var data = string.Join(',', mount.Options.Where(o => o is not ("ro" or "rw")));
                Mounts.Mount(mount.Source, target, mount.Type, flags, data.Length == 0 ? null : data);
                break;
        }
    }

    // A plain directory (the copying snapshotter's) is already where its writable bind would put it.
    private static bool IsInPlace(Mount mount, string target) => mount.Type == "bind" && !mount.Has("ro") && mount.Source == target;

    private static void MountOverlay(Mount mount, string target)
    {
        var lowers = Mount.SplitLowerDirs(mount.Option("lowerdir") ?? throw new EngineException(ErrorKind.InvalidArgument, "overlay mount without lowerdir"));
        var upper = mount.Option("upperdir");
        var work = mount.Option("workdir");
        var fds = new List<int>(lowers.Count);
        try
        {
            var options = new StringBuilder("lowerdir=");
            foreach (var lower in lowers)
            {
                fds.Add(Mounts.OpenPath(lower));
                options.Append(fds.Count > 1 ? ":" : string.Empty).Append(ProcFd(fds[^1]));
            }

            if (upper is not null && work is not null)
            {
                options.Append(CultureInfo.InvariantCulture, $",upperdir={upper},workdir={work}");
            }

            // mount(2) reads its options from one page: enough for about 200 layers as /proc/self/fd/N. Images with
            // more layers are mounted one layer per call (the usual case keeps the single, well-trodden syscall).
            if (options.Length < Environment.SystemPageSize)
            {
                Mounts.Mount("overlay", target, "overlay", mount.Has("ro") ? Libc.MS_RDONLY : 0, options.ToString());
            }
            else
            {
                MountLayered(fds, upper, work, target);
            }
        }
        finally
        {
            foreach (var fd in fds)
            {
                Mounts.Close(fd);
            }
        }
    }

    private static void MountLayered(List<int> lowerFds, string? upper, string? work, string target)
    {
        var upperFd = upper is null ? -1 : Mounts.OpenPath(upper);
        var workFd = work is null ? -1 : Mounts.OpenPath(work);
        try
        {
            // fsconfig strings are capped at 256 bytes: descriptors keep every path short whatever the root.
            LayeredOverlayMount.Mount(lowerFds.Select(ProcFd).ToList(), upperFd < 0 ? null : ProcFd(upperFd), workFd < 0 ? null : ProcFd(workFd), target);
        }
        finally
        {
            if (upperFd >= 0)
            {
                Mounts.Close(upperFd);
            }

            if (workFd >= 0)
            {
                Mounts.Close(workFd);
            }
        }
    }

    private static string ProcFd(int fd) => string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{fd}");
}
