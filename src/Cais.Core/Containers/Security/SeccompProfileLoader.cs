using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Cais.Common;
using Cais.Containers.Spec;
using Cais.Oci.Runtime;

namespace Cais.Containers.Security;

/// <summary>
/// Decodes and checks a Docker-format seccomp profile, and resolves it for one container into the OCI filter: as
/// Docker does, archMap entries apply for the host's native architecture, and a rule applies only when its includes
/// all hold and none of its excludes does (architecture, capabilities of the bounding set, kernel version).
/// Everything the runtime would refuse later (an unknown action or operator) is refused here, at create.
/// </summary>
public static class SeccompProfileLoader
{
    private static readonly HashSet<string> Actions = new(StringComparer.Ordinal)
    {
        "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO",
        "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY",
    };

    private static readonly HashSet<string> Operators = new(StringComparer.Ordinal)
    {
        "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
    };

    /// <summary>Parses and checks a profile; errors carry Docker's "Decoding seccomp profile failed" prefix.</summary>
    public static SeccompProfile Decode(string json)
    {
        SeccompProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize(json, SecurityJsonContext.Default.SeccompProfile);
        }
        catch (JsonException e)
        {
            throw Invalid(e.Message);
        }

        if (profile is null)
        {
            throw Invalid("the profile is null");
        }

        Check(profile);
        return profile;
    }

    /// <summary>The filter for a container with <paramref name="capabilities"/> (its bounding set) on <paramref name="host"/>.</summary>
    public static SpecSeccomp Resolve(SeccompProfile profile, IReadOnlyCollection<string> capabilities, HostFacts host)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(host);
        var native = NativeArchitecture(host.Architecture);
        var architectures = new List<string>(profile.Architectures ?? []);
        foreach (var entry in profile.ArchMap ?? [])
        {
            if (entry.Architecture == native)
            {
                architectures.Add(entry.Architecture);
                architectures.AddRange(entry.SubArchitectures ?? []);
            }
        }

        var kernel = KernelVersion(host.KernelRelease);
        var goArch = GoArchitecture(host.Architecture);
        var rules = new List<SpecSyscall>();
        foreach (var rule in profile.Syscalls ?? [])
        {
            if (Applies(rule, goArch, capabilities, kernel))
            {
                rules.Add(new SpecSyscall
                {
                    Names = rule.Names ?? [rule.Name!],
                    Action = rule.Action!,
                    ErrnoRet = rule.ErrnoRet,
                    Args = rule.Args is { Count: > 0 } args ? args : null,
                });
            }
        }

        return new SpecSeccomp
        {
            DefaultAction = profile.DefaultAction!,
            DefaultErrnoRet = profile.DefaultErrnoRet,
            Architectures = architectures.Count > 0 ? architectures : null,
            Flags = profile.Flags is { Count: > 0 } flags ? flags : null,
            Syscalls = rules,
        };
    }

    private static void Check(SeccompProfile profile)
    {
        CheckAction(profile.DefaultAction, "defaultAction");
        if (profile.Architectures is { Count: > 0 } && profile.ArchMap is { Count: > 0 })
        {
            throw Invalid("both 'architectures' and 'archMap' are specified in the seccomp profile, use either 'architectures' or 'archMap'");
        }

        foreach (var rule in profile.Syscalls ?? [])
        {
            var hasNames = rule.Names is { Count: > 0 };
            if (hasNames == !string.IsNullOrEmpty(rule.Name))
            {
                throw Invalid(hasNames ? "'name' and 'names' were specified in the seccomp profile, use either 'name' or 'names'"
                    : "a syscalls entry of the seccomp profile has neither 'name' nor 'names'");
            }

            CheckAction(rule.Action, "action");
            foreach (var arg in rule.Args ?? [])
            {
                if (!Operators.Contains(arg.Op))
                {
                    throw Invalid($"unknown seccomp operator \"{arg.Op}\"");
                }
            }

            foreach (var condition in new[] { rule.Includes, rule.Excludes })
            {
                if (condition?.MinKernel is { } minKernel && ParseVersion(minKernel) is null)
                {
                    throw Invalid($"invalid kernel version \"{minKernel}\" in the seccomp profile");
                }
            }
        }
    }

    private static void CheckAction(string? action, string field)
    {
        if (action is null || !Actions.Contains(action))
        {
            throw Invalid(action is null ? $"'{field}' is missing" : $"unknown seccomp action \"{action}\" in '{field}'");
        }
    }

    private static bool Applies(SeccompRule rule, string goArch, IReadOnlyCollection<string> capabilities, Version kernel)
    {
        if (rule.Excludes is { } excludes)
        {
            if ((excludes.Arches?.Contains(goArch) ?? false)
                || (excludes.Caps?.Any(capabilities.Contains) ?? false)
                || (excludes.MinKernel is { } min && kernel >= ParseVersion(min)!))
            {
                return false;
            }
        }

        if (rule.Includes is { } includes)
        {
            if ((includes.Arches is { Count: > 0 } arches && !arches.Contains(goArch))
                || (includes.Caps is { Count: > 0 } caps && !caps.All(capabilities.Contains))
                || (includes.MinKernel is { } min && kernel < ParseVersion(min)!))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"6.1.0-18-amd64" -> 6.1; an unreadable release counts as 0.0, so minKernel rules do not apply.</summary>
    private static Version KernelVersion(string release) => ParseVersion(release) ?? new Version(0, 0);

    private static Version? ParseVersion(string text)
    {
        var parts = text.Split('.', 3);
        if (parts.Length < 2)
        {
            return null;
        }

        var minorDigits = new string(parts[1].TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(minorDigits, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? new Version(major, minor) : null;
    }

    // Profiles name architectures the way libseccomp (archMap) and Go (includes/excludes arches) do.
    private static string NativeArchitecture(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "SCMP_ARCH_X86_64",
        Architecture.Arm64 => "SCMP_ARCH_AARCH64",
        Architecture.X86 => "SCMP_ARCH_X86",
        Architecture.Arm => "SCMP_ARCH_ARM",
        _ => "SCMP_ARCH_NATIVE",
    };

    private static string GoArchitecture(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.X86 => "386",
        Architecture.Arm => "arm",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    private static EngineException Invalid(string detail) => EngineException.Invalid("Decoding seccomp profile failed: " + detail);
}
