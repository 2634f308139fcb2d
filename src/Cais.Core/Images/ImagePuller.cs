using System.Diagnostics;
using Cais.Archive;
using Cais.Common;
using Cais.Content;
using Cais.Distribution;
using Cais.Metadata;
using Cais.Oci;
using Cais.Oci.Image;
using Cais.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cais.Images;

/// <summary>
/// Pulls an image: resolve the name to a manifest (choosing the platform from an index), fetch the config, then
/// download every missing layer while it is unpacked (compressed bytes go to the content store and through the
/// decompressor into a snapshot at once). Nothing is committed until its size and digest are verified.
/// </summary>
public sealed class ImagePuller(RegistryClient registry, ContentStore content, ImageRepository images, ImageWriter writer)
{
    private const long MaxConfigSize = 8 << 20;
    private const int ParallelDownloads = 3;

    public ILogger Logger { get; init; } = NullLogger.Instance;

    public async Task<PullResult> PullAsync(string name, Platform? platform, IProgress<PullProgressEvent>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return await PullOnceAsync(name, platform, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (DiskFull.Caused(e))
        {
            // Whichever write hit it (a blob, a layer file, the database), on whichever thread: one clear error.
            throw DiskFull.Error($"failed to pull {name}", e);
        }
    }

    private async Task<PullResult> PullOnceAsync(string name, Platform? platform, IProgress<PullProgressEvent>? progress, CancellationToken cancellationToken)
    {
        var reference = ImageReference.Parse(name).WithDefaultTag();
        var wanted = platform ?? Platform.Host;
        var started = Stopwatch.GetTimestamp();
        Log.PullStarted(Logger, reference, wanted);
        var top = await registry.GetManifestAsync(reference, reference.Digest?.ToString() ?? reference.Tag!, cancellationToken).ConfigureAwait(false);

        string? indexDigest = null;
        var manifestDoc = top;
        if (MediaTypes.IsIndex(top.MediaType))
        {
            indexDigest = top.Digest.ToString();
            var index = top.ParseIndex();
            var chosen = PlatformSelector.Select(index, wanted)
                ?? throw new EngineException(ErrorKind.NotFound, $"no matching manifest for {wanted} in the manifest list entries");
            manifestDoc = await registry.GetManifestAsync(reference, chosen.Digest, cancellationToken).ConfigureAwait(false);
            await writer.WriteBlobAsync(top.Bytes, top.Digest, cancellationToken).ConfigureAwait(false);
        }

        if (!MediaTypes.IsManifest(manifestDoc.MediaType))
        {
            throw new EngineException(ErrorKind.InvalidArgument, $"unsupported manifest media type \"{manifestDoc.MediaType}\" for {reference}");
        }

        var manifest = manifestDoc.ParseManifest();
        Log.ManifestResolved(Logger, reference, manifestDoc.Digest, manifestDoc.MediaType, manifest.Layers.Count);

        // Refused before any download: such an image could never be mounted (the limit holds for vfs too, so an
        // image works the same whichever driver a root uses).
        if (manifest.Layers.Count > Snapshots.OverlaySnapshotter.MaxLayers)
        {
            throw new EngineException(ErrorKind.InvalidArgument,
                $"image {reference} has {manifest.Layers.Count} layers; at most {Snapshots.OverlaySnapshotter.MaxLayers} are supported (the overlay filesystem's limit)");
        }
        var configDigest = Digest.Parse(manifest.Config.Digest);
        var configBytes = await FetchSmallBlobAsync(reference, manifest.Config, configDigest, cancellationToken).ConfigureAwait(false);
        var config = ImageConfigDocument.Parse(configBytes, configDigest.ToString());
        if (platform is not null && indexDigest is null && (config.Os != wanted.Os || config.Architecture != wanted.Architecture))
        {
            throw new EngineException(ErrorKind.NotFound,
                $"image with reference {reference.FamiliarString()} was found but does not match the specified platform: wanted {wanted}, actual: {config.Os}/{config.Architecture}");
        }

        if (config.RootFs.DiffIds.Count != manifest.Layers.Count)
        {
            throw new EngineException(ErrorKind.InvalidArgument,
                $"image {reference} is invalid: {manifest.Layers.Count} layers but {config.RootFs.DiffIds.Count} diff IDs");
        }

        var chainIds = ChainIds.Compute(config.RootFs.DiffIds);
        var imageId = configDigest.ToString();
        var existing = images.Get(imageId);
        var allPresent = chainIds.All(writer.LayerExists);

        var layers = new LayerRecord[manifest.Layers.Count];
        for (var i = 0; i < layers.Length; i++)
        {
            var descriptor = manifest.Layers[i];
            layers[i] = new LayerRecord(Digest.Parse(descriptor.Digest).ToString(), descriptor.Size, descriptor.MediaType,
                config.RootFs.DiffIds[i], chainIds[i], 0);
        }

        if (!allPresent)
        {
            await UnpackLayersAsync(reference, manifest, layers, progress, cancellationToken).ConfigureAwait(false);
        }

        await writer.WriteBlobAsync(manifestDoc.Bytes, manifestDoc.Digest, cancellationToken).ConfigureAwait(false);
        var record = new ImageRecord
        {
            Id = imageId,
            ManifestDigest = manifestDoc.Digest.ToString(),
            ManifestMediaType = manifestDoc.MediaType,
            IndexDigest = indexDigest,
            Layers = layers,
            Created = config.Created ?? DateTimeOffset.UnixEpoch,
            Pulled = existing?.Pulled ?? DateTimeOffset.UtcNow,
            Os = config.Os,
            Architecture = config.Architecture,
            Variant = config.Variant,
        };

        var repoDigest = indexDigest ?? record.ManifestDigest;
        var names = new List<ImageName> { new($"{reference.Repository}@{repoDigest}", imageId, IsDigest: true) };
        if (reference.Tag is not null)
        {
            names.Add(new ImageName($"{reference.Repository}:{reference.Tag}", imageId, IsDigest: false));
        }

        var previous = reference.Tag is null ? null : images.Find($"{reference.Repository}:{reference.Tag}");
        record = writer.SaveImage(record, names);
        var upToDate = allPresent && existing is not null && previous?.Id == imageId;
        Log.PullFinished(Logger, reference, imageId, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, upToDate);
        return new PullResult(record, reference.ToString(), repoDigest, upToDate);
    }

    private async Task<byte[]> FetchSmallBlobAsync(ImageReference reference, Descriptor descriptor, Digest digest, CancellationToken cancellationToken)
    {
        if (descriptor.Size > MaxConfigSize)
        {
            throw new EngineException(ErrorKind.InvalidArgument, $"image config {digest} is {descriptor.Size} bytes, over the limit");
        }

        if (content.Exists(digest))
        {
            return await content.ReadAllAsync(digest, MaxConfigSize, cancellationToken).ConfigureAwait(false);
        }

        await using var stream = await registry.OpenBlobAsync(reference, descriptor, 0, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var bytes = buffer.ToArray();
        await writer.WriteBlobAsync(bytes, digest, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    private async Task UnpackLayersAsync(ImageReference reference, ImageManifest manifest, LayerRecord[] layers, IProgress<PullProgressEvent>? progress, CancellationToken cancellationToken)
    {
        for (var i = 0; i < layers.Length; i++)
        {
            var id = Digest.Parse(layers[i].Digest).Short;
            progress?.Report(new PullProgressEvent(id, writer.LayerExists(layers[i].ChainId) ? PullPhase.AlreadyExists : PullPhase.Waiting, 0, layers[i].Size));
        }

        if (writer.UnpacksInParallel)
        {
            using var gate = new SemaphoreSlim(ParallelDownloads);
            using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var tasks = layers.Select(async (layer, i) =>
            {
                await gate.WaitAsync(failed.Token).ConfigureAwait(false);
                try
                {
                    await PullLayerAsync(reference, manifest.Layers[i], layer, i == 0 ? null : layers[i - 1].ChainId, progress, failed.Token).ConfigureAwait(false);
                }
                catch
                {
                    await failed.CancelAsync().ConfigureAwait(false);
                    throw;
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            try
            {
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Report the failure, not the cancellations it caused in its siblings; whichever layer it hit, the
                // siblings' partial downloads go too unless the failure is one a later pull resumes from.
                var first = tasks.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException);
                if (first is not null)
                {
                    if (!IsTransient(first))
                    {
                        await DiscardPartialLayersAsync(manifest.Layers).ConfigureAwait(false);
                    }

                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
                }

                throw;
            }
        }
        else
        {
            for (var i = 0; i < layers.Length; i++)
            {
                await PullLayerAsync(reference, manifest.Layers[i], layers[i], i == 0 ? null : layers[i - 1].ChainId, progress, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A pull that failed on bad content (not on the way) will not be resumed, so the layers its failure cancelled
    /// mid-download must not leave half-written blobs behind either. Runs once every layer task has ended, so no
    /// writer holds an ingest.
    /// </summary>
    private async Task DiscardPartialLayersAsync(IReadOnlyList<Descriptor> descriptors)
    {
        foreach (var descriptor in descriptors)
        {
            var digest = Digest.Parse(descriptor.Digest);
            if (content.Exists(digest) || !content.HasIngest("layer-" + digest.Hex))
            {
                continue;
            }

            await using var ingest = await content.OpenIngestAsync("layer-" + digest.Hex, descriptor.Size, digest, CancellationToken.None).ConfigureAwait(false);
            await ingest.AbortAsync().ConfigureAwait(false);
        }
    }

    private async Task PullLayerAsync(ImageReference reference, Descriptor descriptor, LayerRecord layer, string? parentChainId, IProgress<PullProgressEvent>? progress, CancellationToken cancellationToken)
    {
        if (writer.LayerExists(layer.ChainId))
        {
            Log.LayerPresent(Logger, reference, layer.Digest);
            return;
        }

        var digest = Digest.Parse(layer.Digest);
        var id = digest.Short;
        var diffId = Digest.Parse(layer.DiffId);
        await writer.UnpackLayerAsync(layer.ChainId, parentChainId, async (directory, mode) =>
        {
            long applied;
            if (content.Exists(digest))
            {
                await using var stored = content.OpenRead(digest);
                progress?.Report(new PullProgressEvent(id, PullPhase.Extracting, 0, layer.Size));
                applied = await ImageWriter.ApplyCompressedAsync(stored, directory, mode, diffId, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await using var ingest = await content.OpenIngestAsync("layer-" + digest.Hex, descriptor.Size, digest, cancellationToken).ConfigureAwait(false);
                var offset = ingest.Offset;
                Log.LayerFetching(Logger, reference, layer.Digest, offset, descriptor.Size);
                Stream remote;
                try
                {
                    remote = await registry.OpenBlobAsync(reference, descriptor, offset, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!IsTransient(e) || offset == 0)
                {
                    // Nothing to resume from (or nothing that will ever be served): leave no ingest behind.
                    await ingest.AbortAsync().ConfigureAwait(false);
                    throw;
                }

                Stream source = new TeeStream(new ProgressStream(remote, offset, n => progress?.Report(new PullProgressEvent(id, PullPhase.Downloading, n, layer.Size))), ingest.AsStream());
                if (offset > 0)
                {
                    source = new ConcatStream(ingest.OpenStoredPrefix(), source);
                }

                await using (source.ConfigureAwait(false))
                {
                    try
                    {
                        applied = await ImageWriter.ApplyCompressedAsync(source, directory, mode, diffId, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        // Whether to keep the partial blob depends on the blob, not on the exception type (a corrupt
                        // archive can end in an EndOfStreamException just like a dropped connection): see below.
                        throw await ExplainFailureAsync(reference, descriptor, ingest, e, cancellationToken).ConfigureAwait(false);
                    }

                    progress?.Report(new PullProgressEvent(id, PullPhase.Verifying, layer.Size, layer.Size));
                    // On a size or digest mismatch CommitAsync deletes the partial data itself.
                    await ingest.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                progress?.Report(new PullProgressEvent(id, PullPhase.DownloadComplete, layer.Size, layer.Size));
            }

            return applied;
        }, cancellationToken).ConfigureAwait(false);
        progress?.Report(new PullProgressEvent(id, PullPhase.PullComplete, layer.Size, layer.Size));
    }

    /// <summary>
    /// Decides what a failed layer download leaves behind by finishing the blob: if the registry cannot deliver the
    /// rest, the partial blob stays in the ingest for a resumed pull; if the bytes do not match the digest, they are
    /// dropped ("digest mismatch"); if the blob is intact but is not a valid layer, it is dropped too and the unpack
    /// error is reported. Returns the exception to throw.
    /// </summary>
    private async Task<Exception> ExplainFailureAsync(ImageReference reference, Descriptor descriptor, IngestWriter ingest, Exception failure, CancellationToken cancellationToken)
    {
        var digest = ingest.Expected;
        if (DiskFull.Caused(failure))
        {
            // Fetching the rest could only fail the same way, and a partial blob must not hold on to the space.
            await ingest.AbortAsync().ConfigureAwait(false);
            return failure;
        }

        var unpackError = failure as EngineException
            ?? new EngineException(ErrorKind.DataLoss, $"failed to unpack layer {digest}: {failure.Message}", failure);
        try
        {
            // The unpacker has disposed the download stream; fetch whatever it had not read yet.
            if (ingest.Offset < descriptor.Size)
            {
                await using var rest = await registry.OpenBlobAsync(reference, descriptor, ingest.Offset, cancellationToken).ConfigureAwait(false);
                await rest.CopyToAsync(ingest.AsStream(), cancellationToken).ConfigureAwait(false);
            }

            await ingest.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException e) when (e.Kind == ErrorKind.DataLoss)
        {
            // The blob does not match its descriptor (CommitAsync may have deleted the data already).
            await ingest.AbortAsync().ConfigureAwait(false);
            return e;
        }
        catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            // The registry is unreachable: keep what arrived so the next pull resumes from there (if anything did).
            if (ingest.Offset == 0)
            {
                await ingest.AbortAsync().ConfigureAwait(false);
            }

            return IsTransient(failure) ? failure : e;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await ingest.AbortAsync().ConfigureAwait(false);
            return unpackError;
        }

        // The blob is what the manifest names, yet it is not a valid layer (or not the one the config's diff ID names).
        content.Delete(digest);
        return unpackError;
    }

    /// <summary>Failures of the connection or the registry, after which the partial blob is kept for a resumed pull.</summary>
    private static bool IsTransient(Exception e) => e switch
    {
        _ when DiskFull.Caused(e) => false,
        OperationCanceledException or IOException or HttpRequestException => true,
        EngineException engine => engine.Kind is ErrorKind.Unavailable or ErrorKind.Canceled,
        _ => false,
    };
}
