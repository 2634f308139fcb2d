namespace Cais.Archive;

/// <summary>How whiteouts in a layer tar are materialised.</summary>
public enum LayerApplyMode
{
    /// <summary>
    /// The target is an empty directory that becomes one overlayfs lower layer: a whiteout becomes a 0/0
    /// character device and an opaque marker sets trusted.overlay.opaque="y" on its directory.
    /// </summary>
    Overlay,

    /// <summary>
    /// The target already holds the merged tree of the parent layers: a whiteout deletes its path and an
    /// opaque marker removes what lower layers put in its directory.
    /// </summary>
    Naive,
}
