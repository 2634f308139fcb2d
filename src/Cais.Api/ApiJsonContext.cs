using System.Text.Json.Serialization;

namespace Cais.Api;

/// <summary>
/// Source-generated JSON for the wire types (NativeAOT: no reflection). Property names are written as declared (Docker's
/// names) and read case-insensitively, as Go's decoder does.
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ContainerInspectResponse))]
[JsonSerializable(typeof(ContainerSummary))]
[JsonSerializable(typeof(IReadOnlyList<ContainerSummary>))]
[JsonSerializable(typeof(ImageInspect))]
[JsonSerializable(typeof(ImageSummary))]
[JsonSerializable(typeof(IReadOnlyList<ImageSummary>))]
[JsonSerializable(typeof(ImageDeleteResponseItem))]
[JsonSerializable(typeof(IReadOnlyList<ImageDeleteResponseItem>))]
[JsonSerializable(typeof(NetworkResource))]
[JsonSerializable(typeof(IReadOnlyList<NetworkResource>))]
[JsonSerializable(typeof(NetworkPruneReport))]
[JsonSerializable(typeof(PortMap))]
[JsonSerializable(typeof(SystemVersion))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
