using System.Text.Json.Serialization;

namespace Cais.Metadata;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ImageRecord))]
[JsonSerializable(typeof(ContainerRecord))]
internal sealed partial class MetadataJsonContext : JsonSerializerContext;
