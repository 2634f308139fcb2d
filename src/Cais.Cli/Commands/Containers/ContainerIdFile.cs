namespace Cais.Cli.Commands.Containers;

/// <summary>
/// The docker CLI's --cidfile: the file is made before the container (an existing one is refused: another container
/// may own it), removed again when the create fails, and receives the ID once the container exists. Docker leaves it in
/// place afterwards, also after --rm.
/// </summary>
public sealed class ContainerIdFile
{
    private readonly string _path;
    private bool _written;

    private ContainerIdFile(string path) => _path = path;

    /// <summary>Makes the empty file; null when no --cidfile was given.</summary>
    /// <exception cref="ContainerIdFileException">The file exists or cannot be made, in the docker CLI's words.</exception>
    public static ContainerIdFile? Open(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        if (Path.Exists(path))
        {
            throw new ContainerIdFileException($"container ID file found, make sure the other container isn't running or delete {path}");
        }

        try
        {
            using (new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e switch
            {
                DirectoryNotFoundException => "no such file or directory",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message,
            };
            throw new ContainerIdFileException($"failed to create the container ID file: open {path}: {reason}", e);
        }

        return new ContainerIdFile(path);
    }

    public async Task WriteAsync(string id, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(_path, id, cancellationToken).ConfigureAwait(false);
        _written = true;
    }

    /// <summary>After a failed create: the file is not left behind to block the next run.</summary>
    public void RemoveUnlessWritten()
    {
        if (!_written)
        {
            File.Delete(_path);
        }
    }
}
