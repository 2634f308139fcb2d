using Cais.Common;

namespace Cais.Containers.Spec;

/// <summary>Linux capability names, Docker's default set, and Docker's cap-add/cap-drop rules.</summary>
public static class Capabilities
{
    /// <summary>Capability names indexed by bit number (linux/capability.h), 0..40.</summary>
    public static IReadOnlyList<string> ByBit { get; } =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
        "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
        "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    /// <summary>The 14 capabilities Docker (and containerd) give a default container.</summary>
    public static IReadOnlyList<string> Default { get; } =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
        "CAP_AUDIT_WRITE",
    ];

    private const string All = "ALL";

    /// <summary>Names of the bits set in a capability mask (e.g. CapBnd). Bits above 40 are unknown and ignored.</summary>
    public static IReadOnlyList<string> FromMask(ulong mask) =>
        [.. Enumerable.Range(0, ByBit.Count).Where(bit => (mask & (1UL << bit)) != 0).Select(bit => ByBit[bit])];

    /// <summary>
    /// "net_admin", "CAP_NET_ADMIN" → "CAP_NET_ADMIN"; "all" → "ALL". Unknown names are rejected, as Docker does.
    /// </summary>
    public static string Normalize(string name)
    {
        var upper = name.Trim().ToUpperInvariant();
        if (upper == All)
        {
            return All;
        }

        if (!upper.StartsWith("CAP_", StringComparison.Ordinal))
        {
            upper = "CAP_" + upper;
        }

        if (!ByBit.Contains(upper))
        {
            throw EngineException.Invalid($"unknown capability: \"{upper}\"");
        }

        return upper;
    }

    /// <summary>
    /// The container's capability set, in bit order. Privileged gets every capability the host's bounding set
    /// holds. Otherwise Docker's rules: cap-add ALL starts from everything minus the drops; cap-drop ALL keeps
    /// only the adds; else defaults minus drops plus adds. Capabilities the host lacks cannot be granted by any
    /// runtime: implicit ones (defaults, ALL) are silently left out, an explicit cap-add of one is an error so the
    /// user learns why instead of the runtime failing with EPERM.
    /// </summary>
    public static IReadOnlyList<string> Compute(
        IReadOnlyList<string> capAdd, IReadOnlyList<string> capDrop, bool privileged, IReadOnlyList<string> hostBounding)
    {
        var host = new HashSet<string>(hostBounding, StringComparer.Ordinal);
        if (privileged)
        {
            return Ordered(host);
        }

        var adds = capAdd.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        var drops = capDrop.Select(Normalize).ToHashSet(StringComparer.Ordinal);

        foreach (var add in adds)
        {
            if (add != All && !host.Contains(add))
            {
                throw new EngineException(ErrorKind.InvalidArgument,
                    $"capability {add} cannot be added: this host's capability bounding set does not contain it");
            }
        }

        HashSet<string> result;
        if (adds.Contains(All))
        {
            result = [.. host.Where(c => !drops.Contains(c))];
        }
        else if (drops.Contains(All))
        {
            result = adds;
        }
        else
        {
            result = [.. Default.Where(c => host.Contains(c) && !drops.Contains(c))];
            result.UnionWith(adds);
        }

        return Ordered(result);
    }

    private static string[] Ordered(IEnumerable<string> caps)
    {
        var set = caps as ISet<string> ?? caps.ToHashSet(StringComparer.Ordinal);
        return [.. ByBit.Where(set.Contains)];
    }
}
