using System.Text.Json.Serialization;

namespace Cais.Containers.Exec;

/// <summary>Source-generated JSON for the exec session records.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(ExecSession))]
internal sealed partial class ExecJsonContext : JsonSerializerContext;
