using Cais.Common;

namespace Cais.TestSupport;

/// <summary>An image some external tool pushed: where it is and its manifest digest.</summary>
public sealed record PushedImage(string Host, string Repository, string Tag, Digest Digest)
{
    /// <summary>"HOST/REPO:TAG"</summary>
    public string Reference => $"{Host}/{Repository}:{Tag}";

    /// <summary>"HOST/REPO@sha256:..."</summary>
    public string DigestReference => $"{Host}/{Repository}@{Digest}";
}
