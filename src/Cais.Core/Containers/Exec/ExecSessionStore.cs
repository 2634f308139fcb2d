using System.Text.Json;
using Cais.Common;
using Cais.Linux;

namespace Cais.Containers.Exec;

/// <summary>
/// Exec sessions as one directory each under the run root: <c>&lt;root&gt;/&lt;exec id&gt;/session.json</c>, and while
/// the session's process is being started and run, the runtime's files in <c>process/</c> (its process spec, pid file
/// and, for a terminal, conmon's socket and control FIFO, which is how a resize from another process reaches it).
/// </summary>
/// <remarks>
/// Files under the run root rather than a SQLite table: a session is runtime state that means nothing after a reboot
/// (its process is gone), and the run root is emptied by one; the runtime's files of the exec live there anyway; and
/// creating one costs no schema change or write transaction on the shared database. The process that starts a session
/// holds <c>start.lock</c> for as long as it runs it, so others can tell a running session from one whose starter died.
/// </remarks>
public sealed class ExecSessionStore(string root)
{
    private const string SessionFileName = "session.json";
    private const string StartLockFileName = "start.lock";

    public string SessionDir(string execId) => Path.Combine(root, execId);

    /// <summary>The runtime's WorkDir for the session's process: its files there matter only while it is being run.</summary>
    public string ProcessDir(string execId) => Path.Combine(SessionDir(execId), "process");

    /// <summary>Deletes the runtime's files of a session whose start is over (what is worth keeping is in the record).</summary>
    public void DiscardProcessDir(string execId)
    {
        try
        {
            Directory.Delete(ProcessDir(execId), recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A monitor still writing its last files there; the session's directory goes with its container anyway.
        }
    }

    public async Task CreateAsync(ExecSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        Directory.CreateDirectory(SessionDir(session.Id));
        await WriteAsync(session, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The session, or null when there is none of that id (including ids that cannot be ours).</summary>
    public async Task<ExecSession?> FindAsync(string execId, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(execId))
        {
            return null;
        }

        try
        {
            await using var file = File.OpenRead(Path.Combine(SessionDir(execId), SessionFileName));
            return await JsonSerializer.DeserializeAsync(file, ExecJsonContext.Default.ExecSession, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (JsonException e)
        {
            throw new EngineException(ErrorKind.DataLoss, $"exec session {execId} is unreadable: {e.Message}", e);
        }
    }

    /// <summary>Replaces the stored session (atomically: readers see the old or the new one, never a torn file).</summary>
    public async Task WriteAsync(ExecSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var path = Path.Combine(SessionDir(session.Id), SessionFileName);
        var temporary = path + ".tmp";
        await using (var file = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(file, session, ExecJsonContext.Default.ExecSession, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Takes the right to run the session, or null when another process (or call) holds it.</summary>
    public FileLock? TryHoldForStart(string execId) => FileLock.TryAcquire(Path.Combine(SessionDir(execId), StartLockFileName), exclusive: true);

    /// <summary>Whether some process holds the session for start (runs it now).</summary>
    public bool IsHeldForStart(string execId)
    {
        using var probe = TryHoldForStart(execId);
        return probe is null;
    }

    /// <summary>Deletes every session of a container (with the runtime's files of each); called as it is removed.</summary>
    public void RemoveForContainer(string containerId)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            if (OwnerOf(dir) is { } owner && owner != containerId)
            {
                continue;
            }

            try
            {
                // Unreadable sessions go too: nothing could ever start or inspect them.
                Directory.Delete(dir, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }

    /// <summary>The ids of a container's sessions, oldest first (Docker's ExecIDs): sessions live until the container goes.</summary>
    public IReadOnlyList<string> IdsOf(string containerId)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        return [.. Directory.EnumerateDirectories(root)
            .Select(Read)
            .Where(s => s?.ContainerId == containerId)
            .OrderBy(s => s!.Created)
            .Select(s => s!.Id)];
    }

    private static string? OwnerOf(string dir) => Read(dir)?.ContainerId;

    private static ExecSession? Read(string dir)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(dir, SessionFileName)), ExecJsonContext.Default.ExecSession);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    private static bool IsWellFormed(string execId) =>
        execId.Length == 64 && execId.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
