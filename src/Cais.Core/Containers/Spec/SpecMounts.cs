using Cais.Common;
using Cais.Oci.Runtime;

namespace Cais.Containers.Spec;

/// <summary>The container's mount list: Docker's default filesystems, the /etc files, then user binds.</summary>
public static class SpecMounts
{
    /// <summary>Size Docker gives /dev and /dev/shm tmpfs mounts.</summary>
    public const string TmpfsSize = "size=65536k";

    public static IReadOnlyList<SpecMount> Build(SpecInput input)
    {
        var binds = input.Mounts.Select(ValidateBind).ToList();

        // A user bind on the same destination replaces the default there (e.g. -v /x:/dev/shm), as in Docker.
        var taken = binds.Select(b => b.Destination).ToHashSet(StringComparer.Ordinal);
        var mounts = new List<SpecMount>();
        mounts.AddRange(Defaults(input.Privileged).Select(m => m.Destination == "/dev/shm" ? Shm(m, input.Shm) : m)
            .OfType<SpecMount>().Where(m => !taken.Contains(m.Destination)));
        mounts.AddRange(EtcFiles(input).Where(m => !taken.Contains(m.Destination)));

        // Parents before children so a bind inside another bind is not hidden by it; stable for equal depth.
        foreach (var bind in binds.OrderBy(b => ContainerPath.Depth(b.Destination)))
        {
            mounts.Add(new SpecMount
            {
                Destination = bind.Destination,
                Type = "bind",
                Source = bind.Source,
                Options = bind.ReadOnly ? ["rbind", "ro", "rprivate"] : ["rbind", "rprivate"],
            });
        }

        return mounts;
    }

    /// <summary>Docker's default mounts. Privileged containers get /sys and /sys/fs/cgroup writable.</summary>
    public static IReadOnlyList<SpecMount> Defaults(bool privileged) =>
    [
        new() { Destination = "/proc", Type = "proc", Source = "proc", Options = ["nosuid", "noexec", "nodev"] },
        new() { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "strictatime", "mode=755", TmpfsSize] },
        new()
        {
            Destination = "/dev/pts", Type = "devpts", Source = "devpts",
            Options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"],
        },
        new() { Destination = "/sys", Type = "sysfs", Source = "sysfs", Options = ["nosuid", "noexec", "nodev", privileged ? "rw" : "ro"] },
        new()
        {
            Destination = "/sys/fs/cgroup", Type = "cgroup", Source = "cgroup",
            Options = ["nosuid", "noexec", "nodev", "relatime", privileged ? "rw" : "ro"],
        },
        new() { Destination = "/dev/mqueue", Type = "mqueue", Source = "mqueue", Options = ["nosuid", "noexec", "nodev"] },
        new() { Destination = "/dev/shm", Type = "tmpfs", Source = "shm", Options = ["nosuid", "noexec", "nodev", "mode=1777", TmpfsSize] },
    ];

    // --ipc none has no /dev/shm; host and shared IPC modes bind the shm they share.
    private static SpecMount? Shm(SpecMount tmpfs, ShmChoice choice) =>
        choice.Absent ? null
        : choice.BindSource is { } source ? new SpecMount
        {
            Destination = tmpfs.Destination,
            Type = "bind",
            Source = source,
            Options = ["rbind", "nosuid", "noexec", "nodev", "rprivate"],
        }
        : tmpfs;

    private static IEnumerable<SpecMount> EtcFiles(SpecInput input)
    {
        (string? Source, string Destination)[] files =
        [
            (input.ResolvConfPath, "/etc/resolv.conf"),
            (input.EtcHostnamePath, "/etc/hostname"),
            (input.EtcHostsPath, "/etc/hosts"),
        ];
        foreach (var (source, destination) in files)
        {
            if (!string.IsNullOrEmpty(source))
            {
                yield return new SpecMount { Destination = destination, Type = "bind", Source = source, Options = ["rbind", "rprivate"] };
            }
        }
    }

    private static BindMount ValidateBind(ContainerMount mount)
    {
        var bind = ContainerMounts.RequireBind(mount);
        if (!bind.Source.StartsWith('/'))
        {
            throw EngineException.Invalid($"invalid mount config: bind source path must be absolute: {bind.Source}");
        }

        if (!bind.Destination.StartsWith('/'))
        {
            throw EngineException.Invalid($"invalid mount config: mount path must be absolute: {bind.Destination}");
        }

        var destination = ContainerPath.Clean(bind.Destination);
        if (destination == "/")
        {
            throw EngineException.Invalid("invalid mount config: destination can't be '/'");
        }

        return bind with { Destination = destination };
    }
}
