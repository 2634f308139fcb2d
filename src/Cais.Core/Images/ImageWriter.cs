using Cais.Archive;
using Cais.Common;
using Cais.Content;
using Cais.Metadata;
using Cais.Snapshots;

namespace Cais.Images;

/// <summary>
/// Writes an image into the store, whatever it comes from (a pull today; commit, load and build next): documents
/// as verified blobs, layers as committed snapshots under their chain IDs, then the image record with its names,
/// last, so an image that is listed is always complete.
/// </summary>
public sealed class ImageWriter(ContentStore content, ImageRepository images, ISnapshotter snapshotter)
{
    /// <summary>Whether layers may be unpacked side by side (each on its own, committed onto its parent).</summary>
    public bool UnpacksInParallel => snapshotter.SupportsRebase;

    public bool LayerExists(string chainId) => snapshotter.Stat(chainId) is { Kind: SnapshotKind.Committed };

    /// <summary>Stores a document (index, manifest, config) under the digest it must have.</summary>
    public Task WriteBlobAsync(ReadOnlyMemory<byte> bytes, Digest digest, CancellationToken cancellationToken) =>
        content.WriteBlobAsync(bytes, digest, cancellationToken);

    /// <summary>Stores a document this engine made (a commit's config or manifest) and returns its digest.</summary>
    public async Task<Digest> WriteDocumentAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var digest = Digest.Compute(bytes.Span);
        await content.WriteBlobAsync(bytes, digest, cancellationToken).ConfigureAwait(false);
        return digest;
    }

    /// <summary>
    /// Unpacks one layer into a new snapshot and commits it under <paramref name="chainId"/> on top of
    /// <paramref name="parentChainId"/>: <paramref name="write"/> fills the directory it is given (in the way the
    /// mode says) and returns the bytes it wrote. On any failure nothing of the layer is kept.
    /// </summary>
    public async Task UnpackLayerAsync(string chainId, string? parentChainId, Func<string, LayerApplyMode, Task<long>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);

        // Where the snapshotter can rebase (overlay), a layer is unpacked on its own, in parallel with its parent,
        // and takes its place in the chain at commit; otherwise it is unpacked onto a copy of its parent.
        var rebase = snapshotter.SupportsRebase;
        var key = Guid.NewGuid().ToString("N");
        var mounts = await snapshotter.PrepareAsync(key, rebase ? null : parentChainId, transient: true, cancellationToken).ConfigureAwait(false);
        try
        {
            var written = await write(Linux.Mounter.WritableDirectory(mounts), rebase ? LayerApplyMode.Overlay : LayerApplyMode.Naive).ConfigureAwait(false);
            snapshotter.Commit(chainId, key, new CommitOptions(parentChainId, written));
        }
        catch
        {
            snapshotter.Remove(key);
            throw;
        }
    }

    /// <summary>Decompresses and applies one layer, then checks the uncompressed stream against its DiffID.</summary>
    public static async Task<long> ApplyCompressedAsync(Stream compressed, string directory, LayerApplyMode mode, Digest diffId, CancellationToken cancellationToken)
    {
        // Three stages on separate threads: fetch/digest/store (the caller's stream), decompress, extract.
        // Declared first so it is disposed last, asynchronously: that waits for its pump, so no byte reaches the
        // ingest after this method returns (the decompressor chain only disposes it synchronously, without waiting).
        await using var fetched = new PumpStream(compressed);
        await using var decompressed = new PumpStream(await Decompression.OpenAsync(fetched, cancellationToken).ConfigureAwait(false));
        await using var digesting = new DigestingStream(decompressed);
        var result = await LayerApplier.ApplyAsync(digesting, directory, mode, cancellationToken).ConfigureAwait(false);
        // Read the tar's trailing padding and the compressor's end so both digests cover every byte.
        await DigestingStream.DrainAsync(digesting, cancellationToken).ConfigureAwait(false);
        await DigestingStream.DrainAsync(fetched, cancellationToken).ConfigureAwait(false);
        var actual = digesting.GetDigest();
        if (actual != diffId)
        {
            throw new EngineException(ErrorKind.DataLoss, $"layer diff ID mismatch: expected {diffId}, got {actual}");
        }

        // Docker's layer size, which image Size sums: overlay2 measures the unpacked layer, so a symlink counts the
        // length of its target; the copying driver (vfs) counts the tar's file contents only. Both checked on dockerd
        // 20.10: busybox with 40 applet links is 280 bytes larger on overlay2.
        return result.BytesWritten + (mode == LayerApplyMode.Overlay ? result.LinkTargetBytes : 0);
    }

    /// <summary>
    /// Records the image (its layers' unpacked sizes filled in from their snapshots) under <paramref name="names"/>,
    /// once every blob and layer it names is stored. Returns the record as saved.
    /// </summary>
    public ImageRecord SaveImage(ImageRecord image, IReadOnlyList<ImageName> names)
    {
        ArgumentNullException.ThrowIfNull(image);
        var layers = image.Layers.Select(l => l with { UnpackedSize = snapshotter.Usage(l.ChainId).Size }).ToList();
        var record = image with { Layers = layers, Size = layers.Sum(l => l.UnpackedSize) };
        images.Save(record, names);
        return record;
    }
}
