using System.Text.Json.Serialization;
using Cais.Oci.Runtime;

namespace Cais.Containers.Security;

/// <summary>One syscalls entry of a Docker-format profile; <c>name</c> is the older single-name spelling of <c>names</c>.</summary>
public sealed record SeccompRule
{
    [JsonPropertyName("name")] public string? Name { get; init; }

    [JsonPropertyName("names")] public IReadOnlyList<string>? Names { get; init; }

    [JsonPropertyName("action")] public string? Action { get; init; }

    [JsonPropertyName("errnoRet")] public uint? ErrnoRet { get; init; }

    [JsonPropertyName("args")] public IReadOnlyList<SpecSyscallArg>? Args { get; init; }

    [JsonPropertyName("includes")] public SeccompCondition? Includes { get; init; }

    [JsonPropertyName("excludes")] public SeccompCondition? Excludes { get; init; }
}
