using System.Diagnostics;
using System.Text;
using Cais.TestSupport;

namespace Cais.Core.Tests.Containers;

/// <summary>`logs --tail` on a log of hundreds of megabytes reads its end, not the whole file (issue 7: 90 s and 6.7 GB for 3 GB).</summary>
[Collection(LogMemoryCollection.Name)]
public sealed class LargeLogTests : IDisposable
{
    private const long LogSize = 200L * 1024 * 1024;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Tail_of_a_200_MB_log_returns_the_last_lines_with_little_memory()
    {
        var path = _dir.Combine("ctr.log");
        var lines = await WriteLogAsync(path);

        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var entries = await LogReaderTestLog.ReadAsync(path, 5);
        stopwatch.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

        Assert.Equal(Enumerable.Range(lines - 5, 5).Select(Line), entries.Select(e => e.Text));
        Assert.True(allocated < 8 * 1024 * 1024, $"tail 5 of a {LogSize >> 20} MB log allocated {allocated >> 20} MB");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"tail 5 of a {LogSize >> 20} MB log took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Reading_a_200_MB_log_from_the_start_streams_it()
    {
        var path = _dir.Combine("ctr.log");
        var lines = await WriteLogAsync(path);

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var live = 0L;
        var count = 0;
        var last = "";
        await foreach (var entry in Cais.Containers.Logs.LogReader.ReadAsync(path, null, follow: false, () => Task.FromResult(false), CancellationToken.None))
        {
            count++;
            last = entry.Text;
            if (count == lines / 2)
            {
                // Half way through, what the reader keeps alive is its buffers, not the lines it has read.
                live = GC.GetTotalMemory(forceFullCollection: true) - before;
            }
        }

        Assert.Equal(lines, count);
        Assert.Equal(Line(lines - 1), last);
        Assert.True(live < 32 * 1024 * 1024, $"reading a {LogSize >> 20} MB log kept {live >> 20} MB alive");
    }

    private static string Line(int i) => $"line {i:D9} " + new string('x', 60);

    /// <summary>Writes about <see cref="LogSize"/> bytes of full stdout records, numbered, in large blocks.</summary>
    private static async Task<int> WriteLogAsync(string path)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var block = new StringBuilder();
        var i = 0;
        while (file.Length < LogSize)
        {
            block.Clear();
            for (var j = 0; j < 10_000; j++, i++)
            {
                block.Append("2026-12-05T04:09:08.123456789+00:00 ").Append(i % 7 == 0 ? "stderr" : "stdout").Append(" F ").Append(Line(i)).Append('\n');
            }

            await file.WriteAsync(Encoding.ASCII.GetBytes(block.ToString()));
        }

        return i;
    }
}
