using System.Runtime.InteropServices;
using Cais.Common;
using Cais.Containers.Security;
using Cais.Core.Tests.Containers.Spec;

namespace Cais.Core.Tests.Containers.Security;

public sealed class SeccompProfileLoaderTests
{
    private static readonly string[] Caps = ["CAP_CHOWN", "CAP_SYS_PTRACE"];

    [Fact]
    public void Rules_apply_by_architecture_capability_and_kernel_as_in_docker()
    {
        var profile = SeccompProfileLoader.Decode("""
            {
              "defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
              "archMap": [
                { "architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"] },
                { "architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"] }
              ],
              "syscalls": [
                { "names": ["read", "write"], "action": "SCMP_ACT_ALLOW" },
                { "name": "arch_prctl", "action": "SCMP_ACT_ALLOW", "includes": { "arches": ["amd64", "x32"] } },
                { "names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": { "caps": ["CAP_SYS_PTRACE"], "minKernel": "4.8" } },
                { "names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": { "caps": ["CAP_SYS_ADMIN"] } },
                { "names": ["clone"], "action": "SCMP_ACT_ALLOW", "excludes": { "caps": ["CAP_SYS_ADMIN"] },
                  "args": [ { "index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ" } ] },
                { "names": ["new_call"], "action": "SCMP_ACT_ALLOW", "includes": { "minKernel": "7.0" } },
                { "names": ["old_call"], "action": "SCMP_ACT_ALLOW", "excludes": { "minKernel": "5.0" } },
                { "names": ["not_on_arm"], "action": "SCMP_ACT_LOG", "excludes": { "arches": ["arm64"] } }
              ]
            }
            """);

        var x64 = SeccompProfileLoader.Resolve(profile, Caps, TestHosts.Restricted() with { KernelRelease = "6.1.0-18-amd64" });
        var arm = SeccompProfileLoader.Resolve(profile, Caps, TestHosts.Restricted(Architecture.Arm64) with { KernelRelease = "4.4.0" });

        Assert.Equal(("SCMP_ACT_ERRNO", 1u), (x64.DefaultAction, x64.DefaultErrnoRet));
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], x64.Architectures);
        Assert.Equal(["read", "write", "arch_prctl", "ptrace", "clone", "not_on_arm"], x64.Syscalls.SelectMany(r => r.Names));
        Assert.Equal("SCMP_CMP_MASKED_EQ", Assert.Single(x64.Syscalls.Single(r => r.Names[0] == "clone").Args!).Op);
        Assert.Equal(["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"], arm.Architectures);
        Assert.Equal(["read", "write", "clone", "old_call"], arm.Syscalls.SelectMany(r => r.Names));
    }

    [Theory]
    [InlineData("""{"syscalls":[]}""", "'defaultAction' is missing")]
    [InlineData("""{"defaultAction":"SCMP_ACT_MAYBE"}""", "unknown seccomp action \"SCMP_ACT_MAYBE\"")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["x"],"action":"NOPE"}]}""", "unknown seccomp action \"NOPE\"")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"name":"x","names":["y"],"action":"SCMP_ACT_ALLOW"}]}""", "use either 'name' or 'names'")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"action":"SCMP_ACT_ALLOW"}]}""", "neither 'name' nor 'names'")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86"],"archMap":[{"architecture":"SCMP_ARCH_X86_64"}]}""", "use either 'architectures' or 'archMap'")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["x"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"SCMP_CMP_ABOUT"}]}]}""", "unknown seccomp operator")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["x"],"action":"SCMP_ACT_ALLOW","includes":{"minKernel":"four"}}]}""", "invalid kernel version")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ALLOW","syscalls":{"names":"mkdir"}}""", "")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ALLOW","defaultErrnoRet":-1}""", "")]
    [InlineData("null", "the profile is null")]
    public void Profiles_the_runtime_would_refuse_are_refused_at_decode(string json, string detail)
    {
        var error = Assert.Throws<EngineException>(() => SeccompProfileLoader.Decode(json));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith("Decoding seccomp profile failed: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }
}
