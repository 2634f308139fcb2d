using System.Text.Json.Serialization;
using Cais.Oci.Image;
using Cais.Oci.Runtime;

namespace Cais.Oci;

/// <summary>Source-generated (NativeAOT-safe) JSON for every OCI document Cais reads or writes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(ManifestProbe))]
[JsonSerializable(typeof(Descriptor))]
[JsonSerializable(typeof(RuntimeSpec))]
public sealed partial class OciJsonContext : JsonSerializerContext;
