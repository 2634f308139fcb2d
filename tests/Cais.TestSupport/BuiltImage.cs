using Cais.Common;
using Cais.Oci.Image;

namespace Cais.TestSupport;

/// <summary>
/// What a builder wrote: the top-level document (a manifest, or an index when <see cref="IsIndex"/>) and every
/// platform manifest below it (exactly one for a plain image).
/// </summary>
public sealed record BuiltImage(Digest Digest, long Size, string MediaType, IReadOnlyList<BuiltManifest> Manifests)
{
    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    /// <summary>The only manifest of a plain image (or the first of an index).</summary>
    public BuiltManifest Manifest => Manifests[0];

    /// <summary>The layers of <see cref="Manifest"/>.</summary>
    public IReadOnlyList<BuiltLayer> Layers => Manifest.Layers;

    /// <summary>The manifest for a platform, matched on os/architecture (and variant when given).</summary>
    public BuiltManifest For(Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return Manifests.FirstOrDefault(m => m.Platform.Os == platform.Os && m.Platform.Architecture == platform.Architecture
                && (platform.Variant is null || m.Platform.Variant == platform.Variant))
            ?? throw new InvalidOperationException($"no manifest for {platform} in {Digest}");
    }

    public Descriptor ToDescriptor() => new() { MediaType = MediaType, Digest = Digest.ToString(), Size = Size };
}
