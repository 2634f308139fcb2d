using Cais.TestSupport;

namespace Cais.Integration.Tests.Images;

/// <summary>
/// What a cais state root holds on disk, read directly (not through cais), so tests can prove a failed or removed
/// pull left nothing behind: committed blobs, ingest (partial download) directories and snapshot layer directories
/// (committed or temporary) of whichever storage driver the root uses.
/// </summary>
public sealed record StoreState(IReadOnlyList<string> Blobs, IReadOnlyList<string> Ingests, IReadOnlyList<string> Layers)
{
    public static StoreState Of(CaisCli cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        return new StoreState(
            Entries(Path.Combine(cli.Root, "content", "blobs", "sha256")),
            Entries(Path.Combine(cli.Root, "content", "ingest")),
            Directory.Exists(Path.Combine(cli.Root, "storage"))
                ? Directory.EnumerateDirectories(Path.Combine(cli.Root, "storage"))
                    .SelectMany(driver => Entries(Path.Combine(driver, "layers")).Select(l => Path.GetFileName(driver) + "/" + l))
                    .Order(StringComparer.Ordinal)
                    .ToList()
                : []);
    }

    /// <summary>Committed layers only (names are chain ID hex), without temporary directories.</summary>
    public IReadOnlyList<string> CommittedLayers => Layers.Where(l => !Path.GetFileName(l).StartsWith("tmp-", StringComparison.Ordinal)).ToList();

    public bool IsEmpty => Blobs.Count == 0 && Ingests.Count == 0 && Layers.Count == 0;

    public override string ToString() =>
        $"blobs [{string.Join(", ", Blobs)}]; ingest [{string.Join(", ", Ingests)}]; layers [{string.Join(", ", Layers)}]";

    private static List<string> Entries(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
}
