using System.Runtime.CompilerServices;
using Cais.Linux;
using Microsoft.Win32.SafeHandles;

namespace Cais.Containers.Logs;

/// <summary>
/// Reads conmon's k8s-file log as `cais logs` prints it: whole lines per stream (see <see cref="LogLineAssembler"/>),
/// the last N found by reading backwards (<see cref="LogTailLocator"/>), and with follow the lines written later,
/// across conmon's rotations, until the container stops. Memory is a few blocks, whatever the log's size.
/// </summary>
public static class LogReader
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Yields entries from the start (or only the last <paramref name="tail"/> lines), and with <paramref name="follow"/>
    /// keeps yielding new ones until <paramref name="stillRunning"/> says the container has stopped.
    /// </summary>
    public static async IAsyncEnumerable<LogEntry> ReadAsync(
        string path, int? tail, bool follow, Func<Task<bool>> stillRunning, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stillRunning);
        SafeFileHandle? file;
        while ((file = TryOpen(path)) is null)
        {
            if (!follow || !await stillRunning().ConfigureAwait(false))
            {
                yield break;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }

        var assembler = new LogLineAssembler();
        var splitter = new LogRecordSplitter(assembler);
        var output = new List<LogEntry>();
        try
        {
            // Without follow, the log is read up to its size now: a container that keeps writing does not keep us here.
            var end = RandomAccess.GetLength(file);
            splitter.Reset(tail is { } lines ? await LogTailLocator.FindAsync(file, end, lines, cancellationToken).ConfigureAwait(false) : LogStart.At(0));
            var exiting = false;
            while (true)
            {
                var limit = follow ? long.MaxValue : end;
                var space = splitter.FreeSpace();
                var wanted = (int)Math.Min(space.Length, limit - splitter.Position);
                var read = wanted == 0 ? 0 : await RandomAccess.ReadAsync(file, space[..wanted], splitter.Position, cancellationToken).ConfigureAwait(false);
                if (read > 0)
                {
                    splitter.Advance(read, output);
                    foreach (var entry in output)
                    {
                        yield return entry;
                    }

                    output.Clear();
                    continue;
                }

                if (!follow)
                {
                    break;
                }

                if (TryOpenRotated(path, file) is { } rotated)
                {
                    // conmon closed the old file before renaming the new one over it, so the old one was complete when
                    // we read its end (drained above); lines cut by the rotation continue in the new one.
                    file.Dispose();
                    file = rotated;
                    splitter.Reset(LogStart.At(0));
                    continue;
                }

                if (exiting)
                {
                    break;
                }

                // One more pass after the container stopped: its last lines may have landed since the read above.
                exiting = !await stillRunning().ConfigureAwait(false);
                if (!exiting)
                {
                    await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                }
            }

            assembler.Flush(output);
            foreach (var entry in output)
            {
                yield return entry;
            }
        }
        finally
        {
            file.Dispose();
        }
    }

    private static SafeFileHandle? TryOpen(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The log's new file when conmon has replaced the one we read (rotation renames a new file over it).</summary>
    private static SafeFileHandle? TryOpenRotated(string path, SafeFileHandle current)
    {
        if (!FileSystemAt.TryLStat(path, out var now) || FileSystemAt.TryStat(current, "", out var reading) != 0
            || (now.Inode == reading.Inode && now.DevMajor == reading.DevMajor && now.DevMinor == reading.DevMinor))
        {
            return null;
        }

        var rotated = TryOpen(path);
        if (rotated is not null && (FileSystemAt.TryStat(rotated, "", out var opened) != 0 || opened.Inode != now.Inode))
        {
            // Rotated again between the stat and the open: the next poll sees the newest file.
            rotated.Dispose();
            return null;
        }

        return rotated;
    }
}
