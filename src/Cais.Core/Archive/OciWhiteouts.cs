namespace Cais.Archive;

/// <summary>The names by which an OCI layer says "deleted" and "hides the lower contents", and how PAX carries xattrs.</summary>
internal static class OciWhiteouts
{
    public const string WhiteoutPrefix = ".wh.";
    public const string WhiteoutMetaPrefix = ".wh..wh.";
    public const string OpaqueMarker = ".wh..wh..opq";
    public const string OverlayOpaqueXattr = "trusted.overlay.opaque";
    public const string PaxXattrPrefix = "SCHILY.xattr.";
}
