using System.Security.Cryptography;
using Cais.Common;

namespace Cais.Content;

/// <summary>
/// One in-progress blob. Bytes are appended to <c>data</c> and hashed as they arrive; a writer reopened after an
/// interruption re-hashes what is already there (as containerd does) and reports it as <see cref="Offset"/>
/// so the caller asks the registry only for the rest.
/// </summary>
public sealed class IngestWriter : IAsyncDisposable
{
    private readonly ContentStore _store;
    private readonly string _dir;
    private readonly FileStream _lock;
    private readonly FileStream _data;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _done;

    private IngestWriter(ContentStore store, string dir, FileStream lockFile, FileStream data, long expectedSize, Digest expected)
    {
        _store = store;
        _dir = dir;
        _lock = lockFile;
        _data = data;
        ExpectedSize = expectedSize;
        Expected = expected;
    }

    public long ExpectedSize { get; }

    public Digest Expected { get; }

    /// <summary>How many bytes are stored so far (resume point).</summary>
    public long Offset { get; private set; }

    internal static async Task<IngestWriter> OpenAsync(ContentStore store, string dir, long expectedSize, Digest expected, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dir);
        var lockFile = await AcquireLockAsync(Path.Combine(dir, "lock"), cancellationToken).ConfigureAwait(false);
        FileStream? data = null;
        try
        {
            data = new FileStream(Path.Combine(dir, "data"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
            var writer = new IngestWriter(store, dir, lockFile, data, expectedSize, expected);
            await writer.RecoverAsync(cancellationToken).ConfigureAwait(false);
            return writer;
        }
        catch
        {
            if (data is not null)
            {
                await data.DisposeAsync().ConfigureAwait(false);
            }

            await lockFile.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens the bytes already ingested, so a resumed stream can be replayed into an unpacker.</summary>
    public FileStream OpenStoredPrefix() =>
        new(Path.Combine(_dir, "data"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.Asynchronous);

    /// <summary>Drops any partial data: used when the caller cannot resume.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        _data.SetLength(0);
        _data.Position = 0;
        Offset = 0;
        _hash.GetHashAndReset();
        await Task.CompletedTask.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        if (Offset + buffer.Length > ExpectedSize)
        {
            throw new EngineException(ErrorKind.DataLoss, $"blob {Expected} is larger than the {ExpectedSize} bytes its descriptor declares");
        }

        await _data.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        _hash.AppendData(buffer.Span);
        Offset += buffer.Length;
    }

    /// <summary>Synchronous append, for decompressors that peek at the stream synchronously.</summary>
    public void Write(ReadOnlySpan<byte> buffer)
    {
        if (Offset + buffer.Length > ExpectedSize)
        {
            throw new EngineException(ErrorKind.DataLoss, $"blob {Expected} is larger than the {ExpectedSize} bytes its descriptor declares");
        }

        _data.Write(buffer);
        _hash.AppendData(buffer);
        Offset += buffer.Length;
    }

    /// <summary>A write-only stream view, for use as the sink of a tee while streaming.</summary>
    public Stream AsStream() => new IngestSinkStream(this);

    /// <summary>
    /// Verifies size and digest, makes the blob read-only and renames it into place. On mismatch the partial data is
    /// deleted and a <see cref="ErrorKind.DataLoss"/> error names the blob, so nothing unverified stays behind.
    /// </summary>
    public async Task<Digest> CommitAsync(CancellationToken cancellationToken)
    {
        await _data.FlushAsync(cancellationToken).ConfigureAwait(false);
        _data.Flush(flushToDisk: true);
        var actual = Digest.FromHash(_hash.GetCurrentHash());
        if (Offset != ExpectedSize)
        {
            await AbortAsync().ConfigureAwait(false);
            throw new EngineException(ErrorKind.DataLoss, $"blob {Expected}: size {Offset} does not match the expected {ExpectedSize}");
        }

        if (actual != Expected)
        {
            await AbortAsync().ConfigureAwait(false);
            throw new EngineException(ErrorKind.DataLoss, $"blob digest mismatch: expected {Expected}, got {actual}");
        }

        var target = _store.CommitTarget(Expected);
        File.SetUnixFileMode(Path.Combine(_dir, "data"), UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.Move(Path.Combine(_dir, "data"), target, overwrite: true);
        await FinishAsync().ConfigureAwait(false);
        return actual;
    }

    /// <summary>Deletes the partial data.</summary>
    public async Task AbortAsync()
    {
        await FinishAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_done)
        {
            // Keep partial data for a later resume; only release the handles and the lock.
            _done = true;
            await CloseDataAsync().ConfigureAwait(false);
            await _lock.DisposeAsync().ConfigureAwait(false);
            _hash.Dispose();
        }
    }

    private async Task FinishAsync()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        await CloseDataAsync().ConfigureAwait(false);
        _hash.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        await _lock.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Closes the data file even when flushing its buffered tail fails (a full disk): the file is being deleted or
    /// kept only as a resume point, which <see cref="RecoverAsync"/> re-hashes from what is really on disk.
    /// </summary>
    private async Task CloseDataAsync()
    {
        try
        {
            await _data.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        if (_data.Length > ExpectedSize)
        {
            _data.SetLength(0);
        }

        var buffer = new byte[1 << 16];
        _data.Position = 0;
        int read;
        while ((read = await _data.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            _hash.AppendData(buffer, 0, read);
        }

        Offset = _data.Length;
    }

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        // FileShare.None is enforced with flock() on Linux, so it also excludes other cais processes.
        var delay = 10;
        while (true)
        {
            try
            {
                // The previous holder may have committed and removed the whole ingest directory meanwhile.
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = Math.Min(delay * 2, 500);
            }
        }
    }
}
