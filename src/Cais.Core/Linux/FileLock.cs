using Cais.Common;

namespace Cais.Linux;

/// <summary>
/// An advisory lock shared by every cais process (the CLI and the API service). .NET takes flock() for
/// FileShare.None (exclusive) and for shared modes (shared), so no P/Invoke is needed; waiting is a short backoff loop.
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream)
    {
        _stream = stream;
    }

    public static async Task<FileLock> AcquireAsync(string path, bool exclusive, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var delay = 5;
        while (true)
        {
            try
            {
                var stream = exclusive
                    ? new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)
                    : new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
                return new FileLock(stream);
            }
            catch (DirectoryNotFoundException e)
            {
                // The state directory was removed under us: waiting cannot help, and recreating it would leave
                // stray directories where a state root used to be.
                throw new EngineException(ErrorKind.NotFound, $"lock {path}: its directory no longer exists", e);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = Math.Min(delay * 2, 100);
            }
        }
    }

    /// <summary>Takes the lock only if nobody holds a conflicting one right now; null when busy.</summary>
    public static FileLock? TryAcquire(string path, bool exclusive)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            return new FileLock(exclusive
                ? new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)
                : new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
