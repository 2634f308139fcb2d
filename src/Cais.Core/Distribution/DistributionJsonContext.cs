using System.Text.Json.Serialization;

namespace Cais.Distribution;

/// <summary>Source-generated (NativeAOT-safe) JSON for the registry protocol's own documents.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(RegistryErrorResponse))]
[JsonSerializable(typeof(TokenResponse))]
internal sealed partial class DistributionJsonContext : JsonSerializerContext;
