using System.Runtime.InteropServices;
using Cais.Common;
using Cais.Oci.Runtime;

namespace Cais.Containers.Spec;

/// <summary>
/// The default seccomp filter, with Docker's semantics: everything not listed fails with EPERM; ordinary
/// syscalls are allowed; syscalls that reach kernel-global state are allowed only with the capability that
/// already guards them, so adding a capability does not need a second, seccomp-level opt-in.
/// </summary>
public static class DefaultSeccompProfile
{
    private const uint EPERM = 1;
    private const uint ENOSYS = 38;

    /// <summary>CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET|CLONE_NEWCGROUP.</summary>
    public const ulong CloneNamespaceFlags = 0x7E020000; // 2114060288

    private const ulong AfAlg = 38;
    private const ulong AfVsock = 40;

    /// <summary>personality(2) personas Docker allows: PER_LINUX, PER_LINUX32, UNAME26, UNAME26|PER_LINUX32, query.</summary>
    private static readonly ulong[] AllowedPersonalities = [0x0, 0x8, 0x20000, 0x20008, 0xFFFFFFFF];

    public static SpecSeccomp Build(IReadOnlyCollection<string> capabilities) =>
        Build(capabilities, RuntimeInformation.OSArchitecture);

    public static SpecSeccomp Build(IReadOnlyCollection<string> capabilities, Architecture architecture)
    {
        var caps = capabilities.ToHashSet(StringComparer.Ordinal);
        var (architectures, archSyscalls) = architecture switch
        {
            Architecture.X64 => ((string[])["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], SeccompSyscalls.X64Only),
            Architecture.Arm64 => (["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"], SeccompSyscalls.Arm64Only),
            _ => throw new EngineException(ErrorKind.NotImplemented, $"no default seccomp profile for architecture {architecture}"),
        };

        var allowed = new HashSet<string>(StringComparer.Ordinal);
        var unconditional = Unique(allowed, [.. SeccompSyscalls.Unconditional, .. archSyscalls, .. SeccompSyscalls.Ptrace]);
        var rules = new List<SpecSyscall> { new() { Names = unconditional, Action = "SCMP_ACT_ALLOW" } };

        // socket: any address family except AF_ALG (kernel crypto API, a recurring source of kernel bugs)
        // and AF_VSOCK (reaches the hypervisor/host). Separate rules for one syscall are OR-ed.
        rules.Add(Allow("socket", new SpecSyscallArg { Index = 0, Value = AfAlg, Op = "SCMP_CMP_LT" }));
        rules.Add(Allow("socket", new SpecSyscallArg { Index = 0, Value = AfAlg + 1, Op = "SCMP_CMP_EQ" }));
        rules.Add(Allow("socket", new SpecSyscallArg { Index = 0, Value = AfVsock, Op = "SCMP_CMP_GT" }));

        // personality: only personas that do not weaken protections (e.g. no ADDR_NO_RANDOMIZE).
        foreach (var persona in AllowedPersonalities)
        {
            rules.Add(Allow("personality", new SpecSyscallArg { Index = 0, Value = persona, Op = "SCMP_CMP_EQ" }));
        }

        foreach (var (capability, names) in SeccompSyscalls.CapabilityGated)
        {
            if (caps.Contains(capability) && Unique(allowed, names) is { Count: > 0 } fresh)
            {
                rules.Add(new SpecSyscall { Names = fresh, Action = "SCMP_ACT_ALLOW" });
            }
        }

        if (!caps.Contains("CAP_SYS_ADMIN"))
        {
            // Threads and fork are fine; creating namespaces is not.
            rules.Add(Allow("clone", new SpecSyscallArg { Index = 0, Value = CloneNamespaceFlags, ValueTwo = 0, Op = "SCMP_CMP_MASKED_EQ" }));

            // clone3 passes its flags in memory, which seccomp cannot inspect. ENOSYS (not EPERM) makes libc
            // fall back to clone, which the rule above does filter.
            rules.Add(new SpecSyscall { Names = ["clone3"], Action = "SCMP_ACT_ERRNO", ErrnoRet = ENOSYS });
        }

        return new SpecSeccomp
        {
            DefaultAction = "SCMP_ACT_ERRNO",
            DefaultErrnoRet = EPERM,
            Architectures = architectures,
            Syscalls = rules,
        };
    }

    private static SpecSyscall Allow(string name, SpecSyscallArg arg) =>
        new() { Names = [name], Action = "SCMP_ACT_ALLOW", Args = [arg] };

    // Names not yet allowed by an earlier rule; allowing one twice is harmless but makes the filter longer.
    private static List<string> Unique(HashSet<string> allowed, IEnumerable<string> names) =>
        [.. names.Where(allowed.Add)];
}
