namespace Cais.Metadata;

/// <summary>A name pointing at an image: a tag (<c>repo:tag</c>) or a digest reference (<c>repo@sha256:…</c>).</summary>
public sealed record ImageName(string Name, string ImageId, bool IsDigest);
