using Cais.Common;
using Cais.Distribution;
using Cais.Oci.Image;

namespace Cais.Images;

public sealed partial class ImageService
{
    /// <summary>Where pulls get the registry client (set by the composition root; null: this service cannot pull).</summary>
    public Func<CancellationToken, Task<RegistryClient>>? RegistryClient { get; init; }

    /// <summary>Where this module's debug lines go (off by default; the CLI turns it on with -D or --log-level).</summary>
    public Microsoft.Extensions.Logging.ILogger Logger { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>
    /// Pulls under a shared hold of the garbage-collection lock, so rmi never sweeps a layer mid-pull; a failed pull
    /// leaves nothing that no image records.
    /// </summary>
    public async Task<PullResult> PullAsync(string name, Platform? platform, IProgress<PullProgressEvent>? progress, CancellationToken cancellationToken)
    {
        var registry = RegistryClient ?? throw new InvalidOperationException("this image service has no registry client");
        try
        {
            using var hold = await HoldAsync(cancellationToken).ConfigureAwait(false);
            snapshotter.CleanupStale();
            var puller = new ImagePuller(await registry(cancellationToken).ConfigureAwait(false), content, images, new ImageWriter(content, images, snapshotter)) { Logger = Logger };
            var pulled = await puller.PullAsync(name, platform, progress, cancellationToken).ConfigureAwait(false);
            RecordPull(pulled);
            return pulled;
        }
        catch
        {
            // A failed pull may have committed a config, an index or whole layers that no image records. Sweep them
            // (after the shared hold is released) so a failure leaves nothing behind. Partial downloads in the ingest
            // area are not garbage: the next pull resumes them.
            try
            {
                TryCollectGarbage();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or EngineException)
            {
                // Tidying up must not hide why the pull failed; the next rmi sweeps again.
            }

            throw;
        }
    }
}
