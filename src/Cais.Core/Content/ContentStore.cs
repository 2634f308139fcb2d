using Cais.Common;

namespace Cais.Content;

/// <summary>
/// Content-addressed blob store: <c>blobs/sha256/&lt;hex&gt;</c> holds only verified, complete blobs;
/// <c>ingest/&lt;hash(ref)&gt;/</c> holds partial downloads that a later writer resumes.
/// </summary>
/// <remarks>
/// Contract: a blob becomes visible only through <see cref="IngestWriter.CommitAsync"/>, which checks size and
/// digest and renames atomically, so after a crash no partial blob is ever visible. Readers never verify;
/// writers always do. The store does not interpret blobs and does not decide what to delete (the image store does).
/// </remarks>
public sealed class ContentStore
{
    private readonly string _blobsDir;
    private readonly string _ingestDir;

    public ContentStore(string root)
    {
        Root = root;
        _blobsDir = Path.Combine(root, "blobs", Digest.Sha256Algorithm);
        _ingestDir = Path.Combine(root, "ingest");
        Directory.CreateDirectory(_blobsDir);
        Directory.CreateDirectory(_ingestDir);
    }

    public string Root { get; }

    public string BlobPath(Digest digest) => Path.Combine(_blobsDir, digest.Hex);

    public bool Exists(Digest digest) => File.Exists(BlobPath(digest));

    /// <summary>The size of a committed blob, or null when it is not in the store.</summary>
    public long? SizeOf(Digest digest)
    {
        var info = new FileInfo(BlobPath(digest));
        return info.Exists ? info.Length : null;
    }

    public FileStream OpenRead(Digest digest)
    {
        try
        {
            return new FileStream(BlobPath(digest), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        }
        catch (FileNotFoundException)
        {
            throw EngineException.NotFound($"content {digest} not found");
        }
    }

    /// <summary>Reads a small committed blob (manifest, config) whole, refusing anything over <paramref name="maxSize"/>.</summary>
    public async Task<byte[]> ReadAllAsync(Digest digest, long maxSize, CancellationToken cancellationToken)
    {
        await using var stream = OpenRead(digest);
        if (stream.Length > maxSize)
        {
            throw new EngineException(ErrorKind.InvalidArgument, $"content {digest} is {stream.Length} bytes, over the {maxSize} byte limit");
        }

        var buffer = new byte[stream.Length];
        await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer;
    }

    /// <summary>
    /// Opens (or resumes) the ingest for <paramref name="reference"/>. Only one writer per reference at a time,
    /// across processes: a second caller waits until the first one commits or aborts.
    /// </summary>
    public Task<IngestWriter> OpenIngestAsync(string reference, long expectedSize, Digest expected, CancellationToken cancellationToken) =>
        IngestWriter.OpenAsync(this, IngestDirFor(reference), expectedSize, expected, cancellationToken);

    /// <summary>Verifies and commits a blob that is already in memory (manifests, configs).</summary>
    public async Task WriteBlobAsync(ReadOnlyMemory<byte> data, Digest expected, CancellationToken cancellationToken)
    {
        if (Exists(expected))
        {
            return;
        }

        await using var writer = await OpenIngestAsync("blob-" + expected.Hex, data.Length, expected, cancellationToken).ConfigureAwait(false);
        try
        {
            await writer.ResetAsync(cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The bytes are in memory: a partial copy (e.g. on a full disk) is worth nothing to a later write.
            await writer.AbortAsync().ConfigureAwait(false);
            throw;
        }
    }

    public bool Delete(Digest digest)
    {
        var path = BlobPath(digest);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    public IEnumerable<Digest> List()
    {
        foreach (var file in Directory.EnumerateFiles(_blobsDir))
        {
            if (Digest.TryParse("sha256:" + Path.GetFileName(file), out var digest))
            {
                yield return digest;
            }
        }
    }

    internal string CommitTarget(Digest digest) => BlobPath(digest);

    /// <summary>Whether a partial download is kept under <paramref name="reference"/>.</summary>
    public bool HasIngest(string reference) => Directory.Exists(IngestDirFor(reference));

    private string IngestDirFor(string reference)
    {
        // The ref is caller-chosen text; hashing it gives a safe, fixed-length directory name.
        var name = Digest.Compute(System.Text.Encoding.UTF8.GetBytes(reference)).Hex;
        return Path.Combine(_ingestDir, name);
    }
}
