using Cais.Common;
using Cais.Containers.Spec;

namespace Cais.Core.Tests.Containers.Spec;

public sealed class CapabilitiesTests
{
    private static readonly IReadOnlyList<string> Host = TestHosts.Restricted().CapabilityBoundingSet;

    [Fact]
    public void Default_set_is_dockers_fourteen()
    {
        var caps = Capabilities.Compute([], [], privileged: false, Host);

        Assert.Equal(
            new[]
            {
                "CAP_AUDIT_WRITE", "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_MKNOD",
                "CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID",
                "CAP_SYS_CHROOT",
            },
            caps.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Mask_maps_bits_to_names()
    {
        var caps = Capabilities.FromMask(0x1fffeffffff);

        Assert.Equal(40, caps.Count);
        Assert.DoesNotContain("CAP_SYS_RESOURCE", caps);
        Assert.Contains("CAP_CHECKPOINT_RESTORE", caps);
        Assert.Equal(["CAP_CHOWN", "CAP_KILL"], Capabilities.FromMask(0b100001));
    }

    [Fact]
    public void Privileged_gets_exactly_the_host_bounding_set()
    {
        Assert.Equal(Host, Capabilities.Compute([], [], privileged: true, Host));
    }

    [Fact]
    public void Add_and_drop_accept_names_with_or_without_prefix_in_any_case()
    {
        var caps = Capabilities.Compute(["net_admin", "CAP_SYS_PTRACE"], ["mknod", "CAP_NET_RAW"], privileged: false, Host);

        Assert.Contains("CAP_NET_ADMIN", caps);
        Assert.Contains("CAP_SYS_PTRACE", caps);
        Assert.DoesNotContain("CAP_MKNOD", caps);
        Assert.DoesNotContain("CAP_NET_RAW", caps);
        Assert.Equal(14, caps.Count);
    }

    [Fact]
    public void Drop_all_keeps_only_the_adds()
    {
        Assert.Equal(["CAP_CHOWN", "CAP_KILL"], Capabilities.Compute(["KILL", "chown"], ["ALL"], privileged: false, Host));
    }

    [Fact]
    public void Add_all_gives_the_host_set_minus_drops()
    {
        var caps = Capabilities.Compute(["all"], ["SYS_ADMIN"], privileged: false, Host);

        Assert.Equal(Host.Count - 1, caps.Count);
        Assert.DoesNotContain("CAP_SYS_ADMIN", caps);
        Assert.DoesNotContain("CAP_SYS_RESOURCE", caps);
    }

    [Fact]
    public void Unknown_capability_is_rejected()
    {
        var error = Assert.Throws<EngineException>(() => Capabilities.Compute(["CAP_FLY"], [], privileged: false, Host));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("unknown capability: \"CAP_FLY\"", error.Message);
    }

    [Fact]
    public void Adding_a_capability_the_host_lacks_is_rejected()
    {
        var error = Assert.Throws<EngineException>(() => Capabilities.Compute(["SYS_RESOURCE"], [], privileged: false, Host));

        Assert.Contains("CAP_SYS_RESOURCE", error.Message, StringComparison.Ordinal);
    }
}
