using System.Runtime.InteropServices;
using Cais.Containers.Spec;
using Cais.Oci.Runtime;

namespace Cais.Core.Tests.Containers.Spec;

public sealed class DefaultSeccompProfileTests
{
    private static readonly IReadOnlyList<string> DefaultCaps = Capabilities.Default;

    private static HashSet<string> UnconditionallyAllowed(SpecSeccomp profile) =>
        [.. profile.Syscalls.Where(s => s.Action == "SCMP_ACT_ALLOW" && s.Args is null).SelectMany(s => s.Names)];

    [Fact]
    public void Denies_by_default_with_eperm_for_all_x64_abis()
    {
        var profile = DefaultSeccompProfile.Build(DefaultCaps, Architecture.X64);

        Assert.Equal("SCMP_ACT_ERRNO", profile.DefaultAction);
        Assert.Equal(1u, profile.DefaultErrnoRet);
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], profile.Architectures);
        Assert.Contains("arch_prctl", UnconditionallyAllowed(profile));
    }

    [Fact]
    public void Arm64_gets_its_architectures_and_syscalls()
    {
        var profile = DefaultSeccompProfile.Build(DefaultCaps, Architecture.Arm64);

        Assert.Equal(["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"], profile.Architectures);
        Assert.Contains("cacheflush", UnconditionallyAllowed(profile));
        Assert.DoesNotContain("arch_prctl", UnconditionallyAllowed(profile));
    }

    [Fact]
    public void Allows_ordinary_syscalls()
    {
        var allowed = UnconditionallyAllowed(DefaultSeccompProfile.Build(DefaultCaps, Architecture.X64));

        Assert.InRange(allowed.Count, 340, 400);
        foreach (var name in new[] { "read", "write", "openat", "execve", "futex", "epoll_wait", "mmap", "rt_sigreturn", "exit_group", "ptrace" })
        {
            Assert.Contains(name, allowed);
        }
    }

    [Fact]
    public void Dangerous_syscalls_are_not_allowed_by_default()
    {
        var profile = DefaultSeccompProfile.Build(DefaultCaps, Architecture.X64);
        var anyRule = profile.Syscalls.Where(s => s.Action == "SCMP_ACT_ALLOW").SelectMany(s => s.Names).ToHashSet();

        foreach (var name in new[]
        {
            "keyctl", "add_key", "request_key", "io_uring_setup", "io_uring_enter", "io_uring_register", "userfaultfd",
            "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "open_by_handle_at", "bpf",
            "perf_event_open", "mount", "umount2", "unshare", "setns", "acct", "swapon", "swapoff", "reboot",
            "pivot_root", "clone3", "settimeofday", "syslog", "iopl", "ioperm", "mbind", "kcmp", "sethostname",
        })
        {
            Assert.DoesNotContain(name, anyRule);
        }
    }

    [Fact]
    public void Clone3_fails_with_enosys_and_clone_is_filtered_on_namespace_flags()
    {
        var profile = DefaultSeccompProfile.Build(DefaultCaps, Architecture.X64);

        var clone3 = Assert.Single(profile.Syscalls, s => s.Names.Contains("clone3"));
        Assert.Equal("SCMP_ACT_ERRNO", clone3.Action);
        Assert.Equal(38u, clone3.ErrnoRet);

        var clone = Assert.Single(profile.Syscalls, s => s.Names.Contains("clone"));
        var arg = Assert.Single(clone.Args!);
        Assert.Equal((0u, 2114060288ul, 0ul, "SCMP_CMP_MASKED_EQ"), (arg.Index, arg.Value, arg.ValueTwo, arg.Op));
    }

    [Fact]
    public void Sys_admin_unlocks_mount_clone_and_clone3()
    {
        var profile = DefaultSeccompProfile.Build([.. DefaultCaps, "CAP_SYS_ADMIN"], Architecture.X64);
        var allowed = UnconditionallyAllowed(profile);

        Assert.Contains("mount", allowed);
        Assert.Contains("unshare", allowed);
        Assert.Contains("clone", allowed);
        Assert.Contains("clone3", allowed);
        Assert.DoesNotContain(profile.Syscalls, s => s.Action == "SCMP_ACT_ERRNO");
        Assert.DoesNotContain(profile.Syscalls, s => s.Names.Contains("clone") && s.Args is not null);
    }

    [Theory]
    [InlineData("CAP_SYS_PTRACE", "kcmp")]
    [InlineData("CAP_SYS_TIME", "settimeofday")]
    [InlineData("CAP_SYS_MODULE", "finit_module")]
    [InlineData("CAP_SYS_BOOT", "reboot")]
    [InlineData("CAP_SYSLOG", "syslog")]
    [InlineData("CAP_SYS_RAWIO", "iopl")]
    [InlineData("CAP_SYS_PACCT", "acct")]
    [InlineData("CAP_SYS_NICE", "mbind")]
    [InlineData("CAP_BPF", "bpf")]
    [InlineData("CAP_DAC_READ_SEARCH", "open_by_handle_at")]
    public void Capability_gated_syscalls_follow_the_capability(string capability, string syscall)
    {
        Assert.DoesNotContain(syscall, UnconditionallyAllowed(DefaultSeccompProfile.Build(DefaultCaps, Architecture.X64)));
        Assert.Contains(syscall, UnconditionallyAllowed(DefaultSeccompProfile.Build([.. DefaultCaps, capability], Architecture.X64)));
    }

    [Fact]
    public void Chroot_is_allowed_with_the_default_sys_chroot()
    {
        Assert.Contains("chroot", UnconditionallyAllowed(DefaultSeccompProfile.Build(DefaultCaps, Architecture.X64)));
        Assert.DoesNotContain("chroot", UnconditionallyAllowed(DefaultSeccompProfile.Build(["CAP_CHOWN"], Architecture.X64)));
    }

    [Fact]
    public void Socket_rules_exclude_af_alg_and_af_vsock()
    {
        var rules = DefaultSeccompProfile.Build(DefaultCaps, Architecture.X64).Syscalls.Where(s => s.Names.Contains("socket")).ToList();

        static bool Permits(IEnumerable<SpecSyscall> rules, ulong family) => rules.Any(r => r.Args!.All(a => a.Op switch
        {
            "SCMP_CMP_LT" => family < a.Value,
            "SCMP_CMP_EQ" => family == a.Value,
            "SCMP_CMP_GT" => family > a.Value,
            _ => throw new InvalidOperationException(a.Op),
        }));

        Assert.True(Permits(rules, 1)); // AF_UNIX
        Assert.True(Permits(rules, 2)); // AF_INET
        Assert.True(Permits(rules, 10)); // AF_INET6
        Assert.True(Permits(rules, 16)); // AF_NETLINK
        Assert.True(Permits(rules, 39));
        Assert.True(Permits(rules, 44));
        Assert.False(Permits(rules, 38)); // AF_ALG
        Assert.False(Permits(rules, 40)); // AF_VSOCK
        Assert.DoesNotContain(rules, r => r.Args is null);
    }

    [Fact]
    public void Personality_only_with_safe_values()
    {
        var values = DefaultSeccompProfile.Build(DefaultCaps, Architecture.X64).Syscalls
            .Where(s => s.Names.Contains("personality"))
            .Select(s => Assert.Single(s.Args!))
            .Select(a => a.Value)
            .Order();

        Assert.Equal([0ul, 8ul, 0x20000ul, 0x20008ul, 0xFFFFFFFFul], values);
    }

    [Fact]
    public void No_syscall_is_listed_twice()
    {
        var profile = DefaultSeccompProfile.Build(Capabilities.ByBit.ToArray(), Architecture.X64);
        var names = profile.Syscalls.Where(s => s.Args is null).SelectMany(s => s.Names).ToList();

        Assert.Equal(names.Count, names.Distinct().Count());
    }
}
