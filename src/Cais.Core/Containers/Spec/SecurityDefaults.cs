using Cais.Oci.Runtime;

namespace Cais.Containers.Spec;

/// <summary>Docker's masked and read-only paths and device cgroup rules for unprivileged containers.</summary>
public static class SecurityDefaults
{
    /// <summary>
    /// The pids cgroup limit of every container, so that a fork bomb stops at its own limit instead of taking the
    /// host's pid_max (32768 on many hosts) from everyone. 2048 is Podman's default, proven on many workloads: far
    /// above what ordinary services need (threads count too: a JVM or a busy database runs a few hundred), while 16
    /// runaway containers still leave room on a host with the smallest usual pid_max. Docker sets no limit; the
    /// resources issue will add --pids-limit to change it per container.
    /// </summary>
    public const long PidsLimit = 2048;

    /// <summary>Paths hidden from the container (kernel and hardware details that leak or can be abused).</summary>
    public static IReadOnlyList<string> MaskedPaths { get; } =
    [
        "/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
        "/sys/devices/virtual/powercap",
    ];

    public static IReadOnlyList<string> ReadonlyPaths { get; } =
    [
        "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
    ];

    /// <summary>
    /// Deny everything, allow mknod of any node (it is useless without access) and the standard character
    /// devices the runtime creates (null, zero, full, random, urandom, tty, console, ptmx, pts). /dev/fuse stays
    /// denied by the first rule; an explicit deny after the mknod wildcard cannot be expressed in cgroup v1
    /// (runc refuses to "punch a hole" in a wildcard rule), so it is not listed.
    /// </summary>
    public static IReadOnlyList<SpecDeviceCgroup> DeviceRules { get; } =
    [
        new() { Allow = false, Access = "rwm" },
        new() { Allow = true, Type = "c", Access = "m" },
        new() { Allow = true, Type = "b", Access = "m" },
        Char(1, 3), // null
        Char(1, 5), // zero
        Char(1, 7), // full
        Char(1, 8), // random
        Char(1, 9), // urandom
        Char(5, 0), // tty
        Char(5, 1), // console
        Char(5, 2), // ptmx
        new() { Allow = true, Type = "c", Major = 136, Access = "rwm" }, // pts/*
    ];

    /// <summary>Privileged containers may use any device.</summary>
    public static IReadOnlyList<SpecDeviceCgroup> PrivilegedDeviceRules { get; } =
    [
        new() { Allow = true, Access = "rwm" },
    ];

    private static SpecDeviceCgroup Char(long major, long minor) =>
        new() { Allow = true, Type = "c", Major = major, Minor = minor, Access = "rwm" };
}
