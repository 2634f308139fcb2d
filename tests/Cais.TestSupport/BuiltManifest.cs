using Cais.Common;
using Cais.Oci.Image;

namespace Cais.TestSupport;

/// <summary>One single-platform image as written: its manifest, config and layers.</summary>
public sealed record BuiltManifest(
    Digest Digest,
    long Size,
    string MediaType,
    Platform Platform,
    ImageManifest Manifest,
    Digest ConfigDigest,
    ImageConfig Config,
    IReadOnlyList<BuiltLayer> Layers)
{
    public Descriptor ToDescriptor(bool withPlatform) => new()
    {
        MediaType = MediaType,
        Digest = Digest.ToString(),
        Size = Size,
        Platform = withPlatform ? Platform : null,
    };
}
