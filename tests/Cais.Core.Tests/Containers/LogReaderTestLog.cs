using System.Text;
using Cais.Containers.Logs;

namespace Cais.Core.Tests.Containers;

/// <summary>Runs <see cref="LogReader"/> over a file and collects what `cais logs` would print.</summary>
internal static class LogReaderTestLog
{
    public static async Task<IReadOnlyList<LogEntry>> ReadAsync(string path, int? tail)
    {
        var entries = new List<LogEntry>();
        await foreach (var entry in LogReader.ReadAsync(path, tail, follow: false, () => Task.FromResult(false), CancellationToken.None))
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>
    /// Follows a log that has at least one line, from its start, while a running container makes
    /// <paramref name="writes"/> 150 ms apart (the first once the reader has shown that line), then stops it.
    /// </summary>
    public static async Task<IReadOnlyList<LogEntry>> FollowWhileAsync(string path, IReadOnlyList<Func<Task>> writes)
    {
        var running = true;
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(async () =>
        {
            var entries = new List<LogEntry>();
            await foreach (var entry in LogReader.ReadAsync(path, null, follow: true, () => Task.FromResult(Volatile.Read(ref running)), CancellationToken.None))
            {
                entries.Add(entry);
                opened.TrySetResult();
            }

            return entries;
        });

        await opened.Task.WaitAsync(TimeSpan.FromSeconds(5));
        foreach (var write in writes)
        {
            await Task.Delay(150);
            await write();
        }

        await Task.Delay(150);
        Volatile.Write(ref running, false);
        return await reader.WaitAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>One stream's output: a line ends with a newline unless it is the partial line the log ends with.</summary>
    public static string Print(IEnumerable<LogEntry> entries, bool stderr)
    {
        var text = new StringBuilder();
        foreach (var entry in entries.Where(e => e.IsStderr == stderr))
        {
            text.Append(entry.Text);
            if (!entry.Partial)
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }
}
