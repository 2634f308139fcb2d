using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Cais.Containers.Logs;

/// <summary>
/// Reads conmon's k8s-file log: one record per line, "&lt;RFC3339Nano time&gt; &lt;stdout|stderr&gt; &lt;P|F&gt; &lt;text&gt;",
/// where P marks a piece of a longer line that the following records complete.
/// </summary>
public static class LogReader
{
    /// <summary>
    /// Yields entries from the start (or only the last <paramref name="tail"/> lines), and with <paramref name="follow"/>
    /// keeps yielding new ones until <paramref name="stillRunning"/> says the container has stopped.
    /// </summary>
    public static async IAsyncEnumerable<LogEntry> ReadAsync(
        string path, int? tail, bool follow, Func<Task<bool>> stillRunning, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            if (!follow)
            {
                yield break;
            }

            while (!File.Exists(path))
            {
                if (!await stillRunning().ConfigureAwait(false))
                {
                    yield break;
                }

                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var initial = new List<LogEntry>();
        var pending = new StringBuilder();
        string? line;
        while ((line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
        {
            if (Parse(line, pending) is { } entry)
            {
                initial.Add(entry);
            }
        }

        var start = tail is { } n && n >= 0 ? Math.Max(0, initial.Count - n) : 0;
        for (var i = start; i < initial.Count; i++)
        {
            yield return initial[i];
        }

        if (!follow)
        {
            yield break;
        }

        var partialLine = new StringBuilder();
        while (true)
        {
            var read = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (read is null)
            {
                if (!await stillRunning().ConfigureAwait(false))
                {
                    // One last read: the final lines may have landed between the check and now.
                    while ((read = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
                    {
                        if (Parse(read, pending) is { } last)
                        {
                            yield return last;
                        }
                    }

                    yield break;
                }

                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (Parse(read, pending) is { } entry)
            {
                yield return entry;
            }
        }
    }

    /// <summary>Parses one record; partial records accumulate in <paramref name="pending"/> until the final piece.</summary>
    internal static LogEntry? Parse(string line, StringBuilder pending)
    {
        var first = line.IndexOf(' ', StringComparison.Ordinal);
        var second = first < 0 ? -1 : line.IndexOf(' ', first + 1);
        var third = second < 0 ? -1 : line.IndexOf(' ', second + 1);
        if (third < 0)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(line.AsSpan(0, first), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return null;
        }

        var stream = line.AsSpan(first + 1, second - first - 1);
        var partial = line.AsSpan(second + 1, third - second - 1).SequenceEqual("P");
        var text = line[(third + 1)..];
        if (partial)
        {
            pending.Append(text);
            return null;
        }

        if (pending.Length > 0)
        {
            text = pending.Append(text).ToString();
            pending.Clear();
        }

        return new LogEntry(time, stream.SequenceEqual("stderr"), text, false);
    }
}
