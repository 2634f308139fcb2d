using Cais.Api;
using Cais.Containers.Spec;
using Cais.Metadata;

namespace Cais.Containers.Inspect;

/// <summary>
/// A container's HostConfig as Docker reports it: every field present, holding what this engine applies (its pids
/// limit, /dev/shm size, namespaces and masked paths), zero or empty where it applies nothing.
/// </summary>
public static class ContainerHostConfig
{
    /// <summary>The runtime every container runs under.</summary>
    public const string Runtime = "runc";

    /// <summary>The size of /dev/shm (Docker's default, 64 MiB).</summary>
    public const long ShmSize = 64L * 1024 * 1024;

    public static HostConfig Build(ContainerSettings s, ContainerInspectionFacts facts)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(facts);
        return new HostConfig
        {
            Binds = NullIfEmpty(s.Binds),
            LogConfig = new LogConfig { Type = "k8s-file", Config = new Dictionary<string, string>() },
            NetworkMode = s.NetworkMode,
            PortBindings = ContainerPortMaps.Requested(s.PortBindings),
            RestartPolicy = new RestartPolicy { Name = "no", MaximumRetryCount = 0 },
            AutoRemove = s.AutoRemove,
            CapAdd = NullIfEmpty([.. s.CapAdd.Select(DockerCapabilityName)]),
            CapDrop = NullIfEmpty([.. s.CapDrop.Select(DockerCapabilityName)]),
            CgroupnsMode = facts.CgroupNamespace ? "private" : "host",
            Dns = s.Dns,
            DnsOptions = s.DnsOptions,
            DnsSearch = s.DnsSearch,
            ExtraHosts = NullIfEmpty(s.ExtraHosts),
            IpcMode = s.IpcMode,
            PidMode = s.PidMode,
            UTSMode = s.UtsMode,
            ContainerIDFile = s.ContainerIdFile,
            Privileged = s.Privileged,
            PublishAllPorts = s.PublishAll,
            SecurityOpt = NullIfEmpty(s.SecurityOpt),
            ShmSize = ShmSize,
            Runtime = Runtime,
            BlkioWeightDevice = [],
            BlkioDeviceReadBps = [],
            BlkioDeviceWriteBps = [],
            BlkioDeviceReadIOps = [],
            BlkioDeviceWriteIOps = [],
            Devices = [],
            OomKillDisable = false,
            PidsLimit = SecurityDefaults.PidsLimit,
            Ulimits = [],
            MaskedPaths = s.Privileged ? null : SecurityDefaults.MaskedPaths,
            ReadonlyPaths = s.Privileged ? null : SecurityDefaults.ReadonlyPaths,
        };
    }

    /// <summary>Docker stores capabilities upper case with the CAP_ prefix ("net_admin" reads "CAP_NET_ADMIN"); ALL stays ALL.</summary>
    public static string DockerCapabilityName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var upper = name.Trim().ToUpperInvariant();
        return upper == "ALL" || upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper : "CAP_" + upper;
    }

    internal static IReadOnlyList<string>? NullIfEmpty(IReadOnlyList<string> items) => items.Count == 0 ? null : items;
}
