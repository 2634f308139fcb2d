using Cais.Common;

namespace Cais.Archive;

/// <summary>A layer as written: its DiffID (uncompressed tar), and the digest and size of the compressed blob.</summary>
public sealed record WrittenLayer(Digest DiffId, Digest Digest, long Size);
