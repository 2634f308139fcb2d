using System.Text.Json.Serialization;

namespace Cais.Oci.Runtime;

// The OCI runtime-spec config.json (https://github.com/opencontainers/runtime-spec/blob/main/config.md),
// limited to the fields Cais sets. Null members are omitted so runc sees only what we mean.

public sealed record RuntimeSpec
{
    [JsonPropertyName("ociVersion")] public string OciVersion { get; init; } = "1.0.2";
    [JsonPropertyName("process")] public SpecProcess Process { get; init; } = new();
    [JsonPropertyName("root")] public SpecRoot Root { get; init; } = new();
    [JsonPropertyName("hostname")] public string? Hostname { get; init; }
    [JsonPropertyName("mounts")] public IReadOnlyList<SpecMount> Mounts { get; init; } = [];
    [JsonPropertyName("annotations")] public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    [JsonPropertyName("linux")] public SpecLinux Linux { get; init; } = new();
}

public sealed record SpecProcess
{
    [JsonPropertyName("terminal")] public bool Terminal { get; init; }
    [JsonPropertyName("consoleSize")] public SpecConsoleSize? ConsoleSize { get; init; }
    [JsonPropertyName("user")] public SpecUser User { get; init; } = new();
    [JsonPropertyName("args")] public IReadOnlyList<string> Args { get; init; } = [];
    [JsonPropertyName("env")] public IReadOnlyList<string> Env { get; init; } = [];
    [JsonPropertyName("cwd")] public string Cwd { get; init; } = "/";
    [JsonPropertyName("capabilities")] public SpecCapabilities? Capabilities { get; init; }
    [JsonPropertyName("rlimits")] public IReadOnlyList<SpecRlimit>? Rlimits { get; init; }
    [JsonPropertyName("noNewPrivileges")] public bool NoNewPrivileges { get; init; }
    [JsonPropertyName("apparmorProfile")] public string? ApparmorProfile { get; init; }
    [JsonPropertyName("oomScoreAdj")] public int? OomScoreAdj { get; init; }
}

public sealed record SpecConsoleSize
{
    [JsonPropertyName("height")] public uint Height { get; init; }
    [JsonPropertyName("width")] public uint Width { get; init; }
}

public sealed record SpecUser
{
    [JsonPropertyName("uid")] public uint Uid { get; init; }
    [JsonPropertyName("gid")] public uint Gid { get; init; }
    [JsonPropertyName("umask")] public uint? Umask { get; init; }
    [JsonPropertyName("additionalGids")] public IReadOnlyList<uint>? AdditionalGids { get; init; }
}

public sealed record SpecCapabilities
{
    [JsonPropertyName("bounding")] public IReadOnlyList<string> Bounding { get; init; } = [];
    [JsonPropertyName("effective")] public IReadOnlyList<string> Effective { get; init; } = [];
    [JsonPropertyName("permitted")] public IReadOnlyList<string> Permitted { get; init; } = [];
    // Inheritable and ambient stay empty: a non-empty inheritable set lets execve of file-capability
    // binaries gain capabilities (CVE-2022-24769).
    [JsonPropertyName("inheritable")] public IReadOnlyList<string> Inheritable { get; init; } = [];
    [JsonPropertyName("ambient")] public IReadOnlyList<string> Ambient { get; init; } = [];
}

public sealed record SpecRlimit
{
    [JsonPropertyName("type")] public string Type { get; init; } = "";
    [JsonPropertyName("hard")] public ulong Hard { get; init; }
    [JsonPropertyName("soft")] public ulong Soft { get; init; }
}

public sealed record SpecRoot
{
    [JsonPropertyName("path")] public string Path { get; init; } = "rootfs";
    [JsonPropertyName("readonly")] public bool Readonly { get; init; }
}

public sealed record SpecMount
{
    [JsonPropertyName("destination")] public string Destination { get; init; } = "";
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("source")] public string? Source { get; init; }
    [JsonPropertyName("options")] public IReadOnlyList<string>? Options { get; init; }
}

public sealed record SpecLinux
{
    [JsonPropertyName("uidMappings")] public IReadOnlyList<SpecIdMapping>? UidMappings { get; init; }
    [JsonPropertyName("gidMappings")] public IReadOnlyList<SpecIdMapping>? GidMappings { get; init; }
    [JsonPropertyName("sysctl")] public IReadOnlyDictionary<string, string>? Sysctl { get; init; }
    [JsonPropertyName("resources")] public SpecResources? Resources { get; init; }
    [JsonPropertyName("cgroupsPath")] public string? CgroupsPath { get; init; }
    [JsonPropertyName("namespaces")] public IReadOnlyList<SpecNamespace> Namespaces { get; init; } = [];
    [JsonPropertyName("devices")] public IReadOnlyList<SpecDevice>? Devices { get; init; }
    [JsonPropertyName("seccomp")] public SpecSeccomp? Seccomp { get; init; }
    [JsonPropertyName("maskedPaths")] public IReadOnlyList<string>? MaskedPaths { get; init; }
    [JsonPropertyName("readonlyPaths")] public IReadOnlyList<string>? ReadonlyPaths { get; init; }
    [JsonPropertyName("rootfsPropagation")] public string? RootfsPropagation { get; init; }
}

public sealed record SpecIdMapping
{
    [JsonPropertyName("containerID")] public uint ContainerId { get; init; }
    [JsonPropertyName("hostID")] public uint HostId { get; init; }
    [JsonPropertyName("size")] public uint Size { get; init; }
}

public sealed record SpecNamespace
{
    [JsonPropertyName("type")] public string Type { get; init; } = "";
    [JsonPropertyName("path")] public string? Path { get; init; }
}

public sealed record SpecDevice
{
    [JsonPropertyName("type")] public string Type { get; init; } = "c";
    [JsonPropertyName("path")] public string Path { get; init; } = "";
    [JsonPropertyName("major")] public long Major { get; init; }
    [JsonPropertyName("minor")] public long Minor { get; init; }
    [JsonPropertyName("fileMode")] public uint? FileMode { get; init; }
    [JsonPropertyName("uid")] public uint? Uid { get; init; }
    [JsonPropertyName("gid")] public uint? Gid { get; init; }
}

public sealed record SpecResources
{
    [JsonPropertyName("devices")] public IReadOnlyList<SpecDeviceCgroup>? Devices { get; init; }
    [JsonPropertyName("memory")] public SpecMemory? Memory { get; init; }
    [JsonPropertyName("cpu")] public SpecCpu? Cpu { get; init; }
    [JsonPropertyName("pids")] public SpecPids? Pids { get; init; }
}

public sealed record SpecDeviceCgroup
{
    [JsonPropertyName("allow")] public bool Allow { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("major")] public long? Major { get; init; }
    [JsonPropertyName("minor")] public long? Minor { get; init; }
    [JsonPropertyName("access")] public string? Access { get; init; }
}

public sealed record SpecMemory
{
    [JsonPropertyName("limit")] public long? Limit { get; init; }
    [JsonPropertyName("reservation")] public long? Reservation { get; init; }
    [JsonPropertyName("swap")] public long? Swap { get; init; }
}

public sealed record SpecCpu
{
    [JsonPropertyName("shares")] public ulong? Shares { get; init; }
    [JsonPropertyName("quota")] public long? Quota { get; init; }
    [JsonPropertyName("period")] public ulong? Period { get; init; }
    [JsonPropertyName("cpus")] public string? Cpus { get; init; }
}

public sealed record SpecPids
{
    [JsonPropertyName("limit")] public long Limit { get; init; }
}

public sealed record SpecSeccomp
{
    [JsonPropertyName("defaultAction")] public string DefaultAction { get; init; } = "SCMP_ACT_ERRNO";
    [JsonPropertyName("defaultErrnoRet")] public uint? DefaultErrnoRet { get; init; }
    [JsonPropertyName("architectures")] public IReadOnlyList<string>? Architectures { get; init; }
    [JsonPropertyName("flags")] public IReadOnlyList<string>? Flags { get; init; }
    [JsonPropertyName("syscalls")] public IReadOnlyList<SpecSyscall> Syscalls { get; init; } = [];
}

public sealed record SpecSyscall
{
    [JsonPropertyName("names")] public IReadOnlyList<string> Names { get; init; } = [];
    [JsonPropertyName("action")] public string Action { get; init; } = "SCMP_ACT_ALLOW";
    [JsonPropertyName("errnoRet")] public uint? ErrnoRet { get; init; }
    [JsonPropertyName("args")] public IReadOnlyList<SpecSyscallArg>? Args { get; init; }
}

public sealed record SpecSyscallArg
{
    [JsonPropertyName("index")] public uint Index { get; init; }
    [JsonPropertyName("value")] public ulong Value { get; init; }
    [JsonPropertyName("valueTwo")] public ulong ValueTwo { get; init; }
    [JsonPropertyName("op")] public string Op { get; init; } = "SCMP_CMP_EQ";
}
