namespace Cais.Snapshots;

/// <summary>Storage driver names as Docker reports them in inspect documents.</summary>
public static class StorageDriverNames
{
    /// <summary>Docker calls its overlay driver "overlay2" (its "overlay" is a removed legacy driver); vfs is vfs.</summary>
    public static string Docker(string driver) => driver == "overlay" ? "overlay2" : driver;
}
