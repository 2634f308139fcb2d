using System.Text.Json.Serialization;

namespace Cais.Containers.Security;

/// <summary>Source-generated (NativeAOT-safe) JSON for Docker-format seccomp profiles.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SeccompProfile))]
public sealed partial class SecurityJsonContext : JsonSerializerContext;
