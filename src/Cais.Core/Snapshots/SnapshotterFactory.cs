using Cais.Linux.Commands;

namespace Cais.Snapshots;

/// <summary>
/// Picks the storage driver for a state root once and remembers it in <c>driver</c>, because layers written by one
/// driver cannot be read by the other. <c>CAIS_STORAGE_DRIVER=vfs|overlay</c> chooses for a new root.
/// </summary>
public static class SnapshotterFactory
{
    public static ISnapshotter Open(string storageRoot, string? requested, ICommandRunner? commands = null)
    {
        Directory.CreateDirectory(storageRoot);
        var marker = Path.Combine(storageRoot, "driver");
        var driver = File.Exists(marker) ? File.ReadAllText(marker).Trim() : null;
        if (driver is null)
        {
            driver = requested switch
            {
                "vfs" or "naive" => "vfs",
                "overlay" or "overlay2" => "overlay",
                _ => OverlaySnapshotter.IsSupported(storageRoot) ? "overlay" : "vfs",
            };
            File.WriteAllText(marker, driver);
        }

        return driver == "vfs"
            ? new NaiveSnapshotter(Path.Combine(storageRoot, "vfs"), commands)
            : new OverlaySnapshotter(Path.Combine(storageRoot, "overlay"));
    }
}
