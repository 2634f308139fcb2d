using System.Globalization;
using Cais.Common;
using Cais.Linux;
using Microsoft.Win32.SafeHandles;

namespace Cais.Archive;

/// <summary>
/// Stops a layer that expands beyond the free space (a 47 MB download can hold 10 GB of zeros) before it fills the
/// filesystem the engine's state, the host's logs and every other container share. The check is one fstatvfs per
/// <see cref="CheckEvery"/> bytes written, nothing on the per-write path.
/// </summary>
internal sealed class DiskSpaceGuard(IFileSystemSpaceProbe probe, SafeFileHandle root)
{
    internal const long CheckEvery = 16L << 20;

    /// <summary>
    /// Free space kept: 5% of the filesystem, at most 1 GiB. Enough for the state database, logs and the host to
    /// keep working; capped so a large disk is not held back by tens of gigabytes.
    /// </summary>
    internal const long MaxReserve = 1L << 30;

    private const int ENOSPC = 28;

    private long _sinceCheck;

    public static long ReserveFor(long totalBytes) => Math.Min(MaxReserve, totalBytes / 20);

    public void Wrote(long bytes, string entryName)
    {
        _sinceCheck += bytes;
        if (_sinceCheck < CheckEvery)
        {
            return;
        }

        _sinceCheck = 0;
        var space = probe.Query(root);
        var reserve = ReserveFor(space.TotalBytes);
        if (space.AvailableBytes < reserve)
        {
            throw new EngineException(ErrorKind.FailedPrecondition,
                $"no space left on device: unpacking layer entry \"{entryName}\" needs more than the {Size(space.AvailableBytes)} free on the storage filesystem (keeping {Size(reserve)} in reserve)",
                new IOException("No space left on device (below the reserve)", ENOSPC)); // Handled as a full disk (DiskFull.Caused).
        }
    }

    /// <summary>The same failure for a write the kernel refused with ENOSPC.</summary>
    public static EngineException Full(string entryName, Exception? inner = null) =>
        new(ErrorKind.FailedPrecondition, $"no space left on device: unpacking layer entry \"{entryName}\" filled the storage filesystem", inner);

    private static string Size(long bytes) =>
        bytes >= 1L << 30 ? (bytes / (double)(1L << 30)).ToString("0.#", CultureInfo.InvariantCulture) + " GiB"
        : (bytes / (double)(1L << 20)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB";
}
