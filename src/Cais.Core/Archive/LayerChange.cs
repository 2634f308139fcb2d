namespace Cais.Archive;

/// <summary>
/// One change a layer records, by its path relative to the layer root ("a/b"): an entry whose file, directory, link
/// or device is at <see cref="Source"/>, a deletion (a whiteout), or a directory whose lower contents are hidden.
/// </summary>
public sealed record LayerChange(string Path, LayerChangeKind Kind, string? Source = null);
