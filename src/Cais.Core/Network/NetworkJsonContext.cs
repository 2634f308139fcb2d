using System.Text.Json.Serialization;

namespace Cais.Network;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NetworkRecord))]
[JsonSerializable(typeof(CniResult))]
[JsonSerializable(typeof(CniError))]
internal sealed partial class NetworkJsonContext : JsonSerializerContext;
