using System.Text;
using Cais.Containers.Logs;
using Cais.TestSupport;

namespace Cais.Core.Tests.Containers;

public sealed class LogReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Parse_joins_partial_records_and_keeps_streams_apart()
    {
        var pending = new StringBuilder();
        Assert.Null(LogReader.Parse("2024-01-02T03:04:05.123456789Z stdout P hel", pending));
        var joined = LogReader.Parse("2024-01-02T03:04:05.223456789Z stdout F lo world", pending);
        var err = LogReader.Parse("2024-01-02T03:04:06Z stderr F oops", pending);

        Assert.Equal("hello world", joined!.Text);
        Assert.False(joined.IsStderr);
        Assert.True(err!.IsStderr);
        Assert.Equal(2024, err.Time.Year);
    }

    [Fact]
    public async Task Tail_returns_only_the_last_lines()
    {
        var path = _dir.Combine("ctr.log");
        await File.WriteAllLinesAsync(path, Enumerable.Range(1, 5).Select(i => $"2024-01-01T00:00:0{i}Z stdout F line{i}"));

        var lines = new List<string>();
        await foreach (var entry in LogReader.ReadAsync(path, 2, follow: false, () => Task.FromResult(false), CancellationToken.None))
        {
            lines.Add(entry.Text);
        }

        Assert.Equal(["line4", "line5"], lines);
    }

    [Fact]
    public async Task Follow_yields_lines_written_later_and_ends_when_container_stops()
    {
        var path = _dir.Combine("ctr.log");
        await File.WriteAllTextAsync(path, "2024-01-01T00:00:01Z stdout F first\n");
        var running = true;
        var lines = new List<string>();
        var reader = Task.Run(async () =>
        {
            await foreach (var entry in LogReader.ReadAsync(path, null, follow: true, () => Task.FromResult(Volatile.Read(ref running)), CancellationToken.None))
            {
                lines.Add(entry.Text);
            }
        });

        await Task.Delay(150);
        await File.AppendAllTextAsync(path, "2024-01-01T00:00:02Z stdout F second\n");
        await Task.Delay(150);
        Volatile.Write(ref running, false);
        await reader.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["first", "second"], lines);
    }
}
