using System.Runtime.CompilerServices;
using System.Text.Json;
using Cais.Linux;

namespace Cais.Events;

/// <summary>
/// Reads the <see cref="EventJournal"/> of a state root: the events of a time window, oldest first, and (for the API's
/// /events and `events`) the events still to come, across rotations. Times are Unix nanoseconds, bounds inclusive.
/// A line that is not a whole event (torn by a full disk) is skipped.
/// </summary>
public sealed class EventJournalReader
{
    private readonly string _current;
    private readonly string _previous;
    private readonly TimeProvider _clock;

    public EventJournalReader(string directory, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        _current = Path.Combine(directory, EventJournal.CurrentFileName);
        _previous = Path.Combine(directory, EventJournal.PreviousFileName);
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The recorded events with <paramref name="since"/> ≤ timeNano ≤ <paramref name="until"/> (null: unbounded).</summary>
    public async Task<IReadOnlyList<EngineEvent>> ReadAsync(long? since, long? until, CancellationToken cancellationToken)
    {
        var events = new List<EngineEvent>();
        foreach (var path in new[] { _previous, _current })
        {
            using var file = TryOpen(path);
            if (file is null)
            {
                continue;
            }

            var lines = new LineBuffer();
            await foreach (var e in lines.ReadAvailableAsync(file, cancellationToken).ConfigureAwait(false))
            {
                if (InWindow(e, since, until))
                {
                    events.Add(e);
                }
            }
        }

        return events;
    }

    /// <summary>
    /// The recorded events from <paramref name="since"/> on, then each new one as it is appended (checked every
    /// <paramref name="pollInterval"/>), until <paramref name="until"/> has passed or the caller cancels. Pass the
    /// current time as <paramref name="since"/> to get only events still to come (Docker's default for a stream).
    /// </summary>
    public async IAsyncEnumerable<EngineEvent> FollowAsync(long? since, long? until, TimeSpan pollInterval,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (var previous = TryOpen(_previous))
        {
            if (previous is not null)
            {
                await foreach (var e in new LineBuffer().ReadAvailableAsync(previous, cancellationToken).ConfigureAwait(false))
                {
                    if (until is { } last && e.TimeNano > last)
                    {
                        yield break;
                    }

                    if (InWindow(e, since, until))
                    {
                        yield return e;
                    }
                }
            }
        }

        FileStream? file = null;
        try
        {
            var lines = new LineBuffer();
            while (true)
            {
                file ??= TryOpen(_current);
                if (file is not null)
                {
                    await foreach (var e in lines.ReadAvailableAsync(file, cancellationToken).ConfigureAwait(false))
                    {
                        if (until is { } last && e.TimeNano > last)
                        {
                            yield break;
                        }

                        if (InWindow(e, since, until))
                        {
                            yield return e;
                        }
                    }

                    if (!AppendOnlyFile.StillNames(file.SafeFileHandle, _current))
                    {
                        // Rotated: what was appended to the old file before the rename has just been read. If it rotated
                        // twice meanwhile, the previous file is a generation never read: read it whole. Then go on with
                        // the new file from its start. (Three rotations between two polls lose a generation.)
                        var skipped = !AppendOnlyFile.StillNames(file.SafeFileHandle, _previous);
                        await file.DisposeAsync().ConfigureAwait(false);
                        file = skipped ? TryOpen(_previous) : null;
                        lines = new LineBuffer();
                        if (file is not null)
                        {
                            await foreach (var e in lines.ReadAvailableAsync(file, cancellationToken).ConfigureAwait(false))
                            {
                                if (InWindow(e, since, until))
                                {
                                    yield return e;
                                }
                            }

                            await file.DisposeAsync().ConfigureAwait(false);
                            file = null;
                            lines = new LineBuffer();
                        }

                        continue;
                    }
                }

                if (until is { } end && EngineEvent.ToUnixNanos(_clock.GetUtcNow()) > end)
                {
                    yield break;
                }

                await Task.Delay(pollInterval, _clock, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static bool InWindow(EngineEvent e, long? since, long? until) =>
        (since is not { } from || e.TimeNano >= from) && (until is not { } to || e.TimeNano <= to);

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Splits what a file holds so far into events; a line without its newline yet waits for the next read.</summary>
    private sealed class LineBuffer
    {
        private readonly MemoryStream _partial = new();
        private readonly byte[] _buffer = new byte[64 * 1024];

        public async IAsyncEnumerable<EngineEvent> ReadAvailableAsync(FileStream file, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            int read;
            while ((read = await file.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var start = 0;
                for (var i = 0; i < read; i++)
                {
                    if (_buffer[i] != (byte)'\n')
                    {
                        continue;
                    }

                    _partial.Write(_buffer, start, i - start);
                    start = i + 1;
                    if (Parse(_partial.GetBuffer().AsSpan(0, (int)_partial.Length)) is { } e)
                    {
                        yield return e;
                    }

                    _partial.SetLength(0);
                }

                _partial.Write(_buffer, start, read - start);
            }
        }

        private static EngineEvent? Parse(ReadOnlySpan<byte> line)
        {
            try
            {
                return line.IsEmpty ? null : JsonSerializer.Deserialize(line, EventsJsonContext.Default.EngineEvent);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
