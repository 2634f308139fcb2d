using System.Text.Json.Serialization;

namespace Cais.Api;

/// <summary>
/// A container's HostConfig: how it was asked to run on the host, with every field Docker always reports, in Docker
/// 28's order (its own fields, then its Resources, then the path lists). Lists Docker leaves unset are null; fields
/// Docker omits when empty carry <see cref="JsonIgnoreCondition.WhenWritingNull"/>.
/// </summary>
public sealed record HostConfig
{
    public IReadOnlyList<string>? Binds { get; init; }

    public string ContainerIDFile { get; init; } = "";

    public LogConfig? LogConfig { get; init; }

    public string NetworkMode { get; init; } = "";

    /// <summary>What was asked for: "" host port meaning any.</summary>
    public PortMap? PortBindings { get; init; }

    public RestartPolicy? RestartPolicy { get; init; }

    public bool AutoRemove { get; init; }

    public string VolumeDriver { get; init; } = "";

    public IReadOnlyList<string>? VolumesFrom { get; init; }

    /// <summary>The initial console size (height, width); [0, 0] when none was given.</summary>
    public IReadOnlyList<int> ConsoleSize { get; init; } = [0, 0];

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Capabilities as Docker normalises them: upper case with the CAP_ prefix.</summary>
    public IReadOnlyList<string>? CapAdd { get; init; }

    public IReadOnlyList<string>? CapDrop { get; init; }

    /// <summary>"private" when the container has its own cgroup namespace, "host" when it shares the host's.</summary>
    public string CgroupnsMode { get; init; } = "";

    public IReadOnlyList<string>? Dns { get; init; }

    public IReadOnlyList<string>? DnsOptions { get; init; }

    public IReadOnlyList<string>? DnsSearch { get; init; }

    public IReadOnlyList<string>? ExtraHosts { get; init; }

    public IReadOnlyList<string>? GroupAdd { get; init; }

    public string IpcMode { get; init; } = "";

    public string Cgroup { get; init; } = "";

    public IReadOnlyList<string>? Links { get; init; }

    public int OomScoreAdj { get; init; }

    public string PidMode { get; init; } = "";

    public bool Privileged { get; init; }

    public bool PublishAllPorts { get; init; }

    public bool ReadonlyRootfs { get; init; }

    public IReadOnlyList<string>? SecurityOpt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? StorageOpt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Tmpfs { get; init; }

    public string UTSMode { get; init; } = "";

    public string UsernsMode { get; init; } = "";

    public long ShmSize { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Sysctls { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Runtime { get; init; }

    public string Isolation { get; init; } = "";

    public long CpuShares { get; init; }

    public long Memory { get; init; }

    public long NanoCpus { get; init; }

    public string CgroupParent { get; init; } = "";

    public int BlkioWeight { get; init; }

    public IReadOnlyList<WeightDevice>? BlkioWeightDevice { get; init; }

    public IReadOnlyList<ThrottleDevice>? BlkioDeviceReadBps { get; init; }

    public IReadOnlyList<ThrottleDevice>? BlkioDeviceWriteBps { get; init; }

    public IReadOnlyList<ThrottleDevice>? BlkioDeviceReadIOps { get; init; }

    public IReadOnlyList<ThrottleDevice>? BlkioDeviceWriteIOps { get; init; }

    public long CpuPeriod { get; init; }

    public long CpuQuota { get; init; }

    public long CpuRealtimePeriod { get; init; }

    public long CpuRealtimeRuntime { get; init; }

    public string CpusetCpus { get; init; } = "";

    public string CpusetMems { get; init; } = "";

    public IReadOnlyList<DeviceMapping>? Devices { get; init; }

    public IReadOnlyList<string>? DeviceCgroupRules { get; init; }

    public IReadOnlyList<DeviceRequest>? DeviceRequests { get; init; }

    public long MemoryReservation { get; init; }

    public long MemorySwap { get; init; }

    public long? MemorySwappiness { get; init; }

    public bool? OomKillDisable { get; init; }

    /// <summary>The pids cgroup limit applied; null when none is.</summary>
    public long? PidsLimit { get; init; }

    public IReadOnlyList<Ulimit>? Ulimits { get; init; }

    public long CpuCount { get; init; }

    public long CpuPercent { get; init; }

    public ulong IOMaximumIOps { get; init; }

    public ulong IOMaximumBandwidth { get; init; }

    /// <summary>Paths masked in the container; null when privileged (nothing is masked).</summary>
    public IReadOnlyList<string>? MaskedPaths { get; init; }

    public IReadOnlyList<string>? ReadonlyPaths { get; init; }
}
