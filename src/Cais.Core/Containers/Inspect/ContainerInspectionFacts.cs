namespace Cais.Containers.Inspect;

/// <summary>What a container's inspect document reports beyond its record: read from the host and the stores at inspect time.</summary>
public sealed record ContainerInspectionFacts
{
    /// <summary>The ids of the container's exec sessions; empty when it has none (Docker then reports null).</summary>
    public IReadOnlyList<string> ExecIds { get; init; } = [];

    /// <summary>GraphDriver.Data: the rootfs snapshot's LowerDir, MergedDir, UpperDir and WorkDir (null when not known).</summary>
    public IReadOnlyDictionary<string, string>? GraphDriverData { get; init; }

    /// <summary>Whether containers get their own cgroup namespace here (a pure cgroup v2 host), as the spec decides.</summary>
    public bool CgroupNamespace { get; init; }

    /// <summary>Whether the host enforces AppArmor, so that an apparmor= security option is applied.</summary>
    public bool AppArmorEnabled { get; init; }
}
