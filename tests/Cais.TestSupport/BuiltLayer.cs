using Cais.Common;
using Cais.Oci.Image;

namespace Cais.TestSupport;

/// <summary>A layer blob as written: its compressed digest/size and the diff ID (sha256 of the plain tar).</summary>
public sealed record BuiltLayer(Digest Digest, long Size, string MediaType, Digest DiffId, long UncompressedSize, LayerCompression Compression)
{
    public Descriptor ToDescriptor() => new() { MediaType = MediaType, Digest = Digest.ToString(), Size = Size };
}
