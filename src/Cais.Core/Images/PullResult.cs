using Cais.Metadata;

namespace Cais.Images;

/// <summary>The outcome of a pull: the stored image, the name it got, and whether anything new was fetched.</summary>
public sealed record PullResult(ImageRecord Image, string Name, string Digest, bool UpToDate);
