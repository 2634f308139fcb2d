using System.Globalization;
using System.Runtime.InteropServices;
using Cais.Linux;

namespace Cais.Containers.Spec;

/// <summary>
/// What the spec depends on about the host. Kept as plain data so tests can describe any host and the
/// generator itself stays free of I/O apart from reading the image's passwd/group files.
/// </summary>
public sealed record HostFacts
{
    /// <summary>Capability names (CAP_*) in this process's bounding set: the most a container can get.</summary>
    public required IReadOnlyList<string> CapabilityBoundingSet { get; init; }

    /// <summary>True when /sys/fs/cgroup is a pure cgroup v2 mount (not v1 or hybrid).</summary>
    public bool CgroupV2Unified { get; init; }

    /// <summary>This process's hard RLIMIT_NOFILE; <see cref="ulong.MaxValue"/> means unlimited.</summary>
    public ulong OpenFilesHardLimit { get; init; } = ulong.MaxValue;

    /// <summary>This process's soft RLIMIT_STACK, which the container's first process inherits; it bounds execve's arguments.</summary>
    public ulong StackSoftLimit { get; init; } = 8 << 20;

    public Architecture Architecture { get; init; } = RuntimeInformation.OSArchitecture;

    /// <summary>Whether the kernel has net.ipv4.ping_group_range (set per container so ping works without NET_RAW).</summary>
    public bool HasPingGroupRange { get; init; }

    /// <summary>Whether the kernel has net.ipv4.ip_unprivileged_port_start.</summary>
    public bool HasUnprivilegedPortStart { get; init; }

    /// <summary>The kernel release (uname -r), for the minKernel conditions of seccomp profiles.</summary>
    public string KernelRelease { get; init; } = "";

    /// <summary>Whether AppArmor is enabled: Docker ignores <c>--security-opt apparmor=</c> on hosts without it.</summary>
    public bool AppArmorEnabled { get; init; }

    /// <summary>Whether SELinux is enabled: Docker ignores <c>--security-opt label=</c> on hosts without it.</summary>
    public bool SelinuxEnabled { get; init; }

    private static readonly Lazy<HostFacts> LazyCurrent = new(Detect);

    /// <summary>The facts of this machine, read once (they do not change while the process runs).</summary>
    public static HostFacts Current => LazyCurrent.Value;

    /// <summary>Reads the facts of the machine this process runs on.</summary>
    public static async Task<HostFacts> DetectAsync(CancellationToken cancellationToken) =>
        FromStatus(await File.ReadAllTextAsync("/proc/self/status", cancellationToken).ConfigureAwait(false));

    /// <summary>Synchronous <see cref="DetectAsync"/>: procfs and sysfs reads do not block.</summary>
    public static HostFacts Detect() => FromStatus(File.ReadAllText("/proc/self/status"));

    private static HostFacts FromStatus(string status)
    {
        var capBnd = status.Split('\n').FirstOrDefault(l => l.StartsWith("CapBnd:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("/proc/self/status has no CapBnd line");

        return new HostFacts
        {
            CapabilityBoundingSet = Capabilities.FromMask(ParseCapabilityMask(capBnd["CapBnd:".Length..])),
            CgroupV2Unified = File.Exists("/sys/fs/cgroup/cgroup.controllers"),
            OpenFilesHardLimit = ResourceLimits.OpenFiles().Hard,
            StackSoftLimit = ResourceLimits.Stack().Soft,
            Architecture = RuntimeInformation.OSArchitecture,
            HasPingGroupRange = File.Exists("/proc/sys/net/ipv4/ping_group_range"),
            HasUnprivilegedPortStart = File.Exists("/proc/sys/net/ipv4/ip_unprivileged_port_start"),
            KernelRelease = ReadTrimmed("/proc/sys/kernel/osrelease"),
            AppArmorEnabled = ReadTrimmed("/sys/module/apparmor/parameters/enabled") == "Y",
            SelinuxEnabled = File.Exists("/sys/fs/selinux/enforce"),
        };
    }

    private static string ReadTrimmed(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "";

    /// <summary>Parses the hexadecimal mask of a Cap* line of /proc/&lt;pid&gt;/status.</summary>
    public static ulong ParseCapabilityMask(string hex) =>
        ulong.Parse(hex.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
