using Cais.Common;

namespace Cais.TestSupport;

/// <summary>An image pushed to a registry by skopeo: where it is and exactly what was pushed.</summary>
public sealed record PublishedImage(string Host, string Repository, string Tag, BuiltImage Image)
{
    /// <summary>"HOST/REPO:TAG"</summary>
    public string Reference => $"{Host}/{Repository}:{Tag}";

    /// <summary>"HOST/REPO@sha256:..."</summary>
    public string DigestReference => $"{Host}/{Repository}@{Digest}";

    /// <summary>Digest of the manifest, or of the index for a multi-platform image.</summary>
    public Digest Digest => Image.Digest;

    public string MediaType => Image.MediaType;

    public IReadOnlyList<BuiltLayer> Layers => Image.Layers;
}
