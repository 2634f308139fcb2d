using System.Text.Json;
using Cais.Linux;

namespace Cais.Events;

/// <summary>
/// The events record shared by every cais process on a state root (the CLI and the API service both change state, so
/// an in-process bus would miss events): one JSON line per event in <c>events.jsonl</c>, appended in one O_APPEND write
/// so concurrent writers never interleave. Past <see cref="MaxBytes"/> the file becomes <c>events.jsonl.1</c> (replacing
/// the one before) and a new one starts, so the record holds between one and two files' worth of the latest events.
/// </summary>
public sealed class EventJournal : IEventSink
{
    /// <summary>About 15 000 events per file, so a follower that polls rarely still finds what it missed.</summary>
    public const long DefaultMaxBytes = 4L * 1024 * 1024;

    public const string CurrentFileName = "events.jsonl";
    public const string PreviousFileName = "events.jsonl.1";

    public EventJournal(string directory, long maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        Directory = directory;
        MaxBytes = maxBytes;
    }

    public string Directory { get; }

    public long MaxBytes { get; }

    public string CurrentPath => Path.Combine(Directory, CurrentFileName);

    public string PreviousPath => Path.Combine(Directory, PreviousFileName);

    private string RotationLockPath => Path.Combine(Directory, "rotate.lock");

    /// <summary>Appends the event; a failure (disk full, state root gone) is swallowed, see <see cref="IEventSink"/>.</summary>
    public void Record(EngineEvent engineEvent)
    {
        try
        {
            Append(engineEvent);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Common.EngineException)
        {
        }
    }

    /// <summary>Appends the event as one line, creating the journal on first use and rotating it past <see cref="MaxBytes"/>.</summary>
    public void Append(EngineEvent engineEvent)
    {
        ArgumentNullException.ThrowIfNull(engineEvent);
        var line = JsonSerializer.SerializeToUtf8Bytes(engineEvent, EventsJsonContext.Default.EngineEvent);
        var record = new byte[line.Length + 1];
        line.CopyTo(record, 0);
        record[^1] = (byte)'\n';

        long size;
        try
        {
            size = AppendOnlyFile.Append(CurrentPath, record);
        }
        catch (DirectoryNotFoundException)
        {
            System.IO.Directory.CreateDirectory(Directory);
            size = AppendOnlyFile.Append(CurrentPath, record);
        }

        if (size > MaxBytes)
        {
            Rotate();
        }
    }

    /// <summary>
    /// One writer rotates, under a lock taken without waiting: whoever finds it held knows a rotation is under way.
    /// The size is checked again under the lock, so a file that another writer just rotated is not rotated twice.
    /// A writer that opened the file just before the rename appends to what is now the previous file, where readers
    /// still find it.
    /// </summary>
    private void Rotate()
    {
        using var hold = FileLock.TryAcquire(RotationLockPath, exclusive: true);
        if (hold is null)
        {
            return;
        }

        var current = new FileInfo(CurrentPath);
        if (current.Exists && current.Length > MaxBytes)
        {
            File.Move(CurrentPath, PreviousPath, overwrite: true);
        }
    }
}
