using System.Runtime.InteropServices;
using Cais.Containers.Spec;
using Cais.TestSupport;

namespace Cais.Core.Tests.Containers.Spec;

internal static class TestHosts
{
    /// <summary>A host like this CI machine: no CAP_SYS_RESOURCE (bit 24), hybrid cgroups, hard nofile 20000.</summary>
    public static HostFacts Restricted(Architecture architecture = Architecture.X64) => new()
    {
        CapabilityBoundingSet = Capabilities.FromMask(0x1fffeffffff),
        CgroupV2Unified = false,
        OpenFilesHardLimit = 20000,
        Architecture = architecture,
        HasPingGroupRange = true,
        HasUnprivilegedPortStart = true,
    };

    public static HostFacts Unified() => Restricted() with
    {
        CapabilityBoundingSet = Capabilities.FromMask(0x1ffffffffff),
        CgroupV2Unified = true,
        OpenFilesHardLimit = ulong.MaxValue,
    };

    public static SpecInput Input(TempDirectory rootfs, params string[] cmd) => new()
    {
        ContainerId = "0123456789abcdef0123456789abcdef",
        RootfsPath = rootfs.Path,
        Cmd = cmd.Length > 0 ? cmd : ["sh"],
    };
}
