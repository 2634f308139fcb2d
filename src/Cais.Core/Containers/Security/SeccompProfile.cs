using System.Text.Json.Serialization;
using Cais.Oci.Runtime;

namespace Cais.Containers.Security;

/// <summary>
/// A seccomp profile in Docker's JSON format (<c>--security-opt seccomp=FILE</c>): the OCI filter plus Docker's
/// conditions (archMap, includes/excludes) that <see cref="SeccompProfileLoader"/> resolves for this host and
/// container into a <see cref="SpecSeccomp"/>, the model the default profile is built in.
/// </summary>
public sealed record SeccompProfile
{
    [JsonPropertyName("defaultAction")] public string? DefaultAction { get; init; }

    [JsonPropertyName("defaultErrnoRet")] public uint? DefaultErrnoRet { get; init; }

    [JsonPropertyName("architectures")] public IReadOnlyList<string>? Architectures { get; init; }

    [JsonPropertyName("archMap")] public IReadOnlyList<SeccompArchitecture>? ArchMap { get; init; }

    [JsonPropertyName("flags")] public IReadOnlyList<string>? Flags { get; init; }

    [JsonPropertyName("syscalls")] public IReadOnlyList<SeccompRule>? Syscalls { get; init; }
}
