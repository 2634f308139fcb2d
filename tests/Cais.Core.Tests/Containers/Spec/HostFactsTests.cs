using System.Globalization;
using Cais.Containers.Spec;
using Cais.Linux;
using Cais.TestSupport;

namespace Cais.Core.Tests.Containers.Spec;

/// <summary>Checks against the real machine, read independently from /proc.</summary>
public sealed class HostFactsTests
{
    [Fact]
    public async Task Privileged_capabilities_never_exceed_the_real_bounding_set()
    {
        var status = await File.ReadAllLinesAsync("/proc/self/status");
        var mask = HostFacts.ParseCapabilityMask(status.Single(l => l.StartsWith("CapBnd:", StringComparison.Ordinal))[7..]);
        using var rootfs = new TempDirectory("spec-host");

        var spec = SpecGenerator.Generate(TestHosts.Input(rootfs) with { Privileged = true });

        Assert.NotEmpty(spec.Process.Capabilities!.Bounding);
        foreach (var cap in spec.Process.Capabilities.Bounding)
        {
            var bit = Capabilities.ByBit.ToList().IndexOf(cap);
            Assert.True((mask & (1UL << bit)) != 0, $"{cap} is not in the host bounding set");
        }

        Assert.Equal(Capabilities.FromMask(mask), spec.Process.Capabilities.Bounding);
    }

    [Fact]
    public async Task Nofile_limit_never_exceeds_the_real_hard_limit()
    {
        var line = (await File.ReadAllLinesAsync("/proc/self/limits")).Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var hardText = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var hard = hardText == "unlimited" ? ulong.MaxValue : ulong.Parse(hardText, CultureInfo.InvariantCulture);
        using var rootfs = new TempDirectory("spec-host");

        Assert.Equal(hard, ResourceLimits.OpenFiles().Hard);
        var spec = await SpecGenerator.GenerateAsync(TestHosts.Input(rootfs), await HostFacts.DetectAsync(CancellationToken.None), CancellationToken.None);

        var nofile = Assert.Single(spec.Process.Rlimits!, r => r.Type == "RLIMIT_NOFILE");
        Assert.True(nofile.Hard <= hard && nofile.Soft <= nofile.Hard);
        Assert.Equal(Math.Min(hard, 1048576ul), nofile.Hard);
    }

    [Fact]
    public async Task Cgroup_mode_matches_the_filesystem()
    {
        var facts = await HostFacts.DetectAsync(CancellationToken.None);

        Assert.Equal(File.Exists("/sys/fs/cgroup/cgroup.controllers"), facts.CgroupV2Unified);
        Assert.Equal(facts.CapabilityBoundingSet, HostFacts.Current.CapabilityBoundingSet);
    }
}
