namespace Cais.Archive;

/// <summary>One data range of a sparse file: <see cref="Length"/> bytes at <see cref="Offset"/>; the rest is holes.</summary>
internal readonly record struct SparseSegment(long Offset, long Length)
{
    public long End => Offset + Length;
}
