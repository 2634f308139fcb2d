using Cais.Containers.Logs;
using Cais.TestSupport;

namespace Cais.Core.Tests.Containers;

public sealed class LogReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Tail_returns_only_the_last_lines()
    {
        var path = _dir.Combine("ctr.log");
        await File.WriteAllLinesAsync(path, Enumerable.Range(1, 5).Select(i => $"2024-01-01T00:00:0{i}Z stdout F line{i}"));

        Assert.Equal(["line4", "line5"], (await LogReaderTestLog.ReadAsync(path, 2)).Select(e => e.Text));
        Assert.Empty(await LogReaderTestLog.ReadAsync(path, 0));
        Assert.Equal(5, (await LogReaderTestLog.ReadAsync(path, 100)).Count);
    }

    [Fact]
    public async Task Partial_records_are_joined_per_stream_and_a_trailing_partial_line_is_kept()
    {
        var path = _dir.Combine("ctr.log");
        await File.WriteAllTextAsync(path, string.Concat(
            "2024-01-02T03:04:05.100000000+00:00 stdout P out\n",
            "2024-01-02T03:04:05.200000000+00:00 stderr P err\n",
            "2024-01-02T03:04:05.300000000+00:00 stdout F done\n",
            "2024-01-02T03:04:05.400000000+00:00 stdout F \n",
            "2024-01-02T03:04:05.500000000+00:00 stderr F ors\n",
            "2024-01-02T03:04:05.600000000+00:00 stdout P ab\n",
            "2024-01-02T03:04:05.700000000+00:00 stdout P c\n"));

        var entries = await LogReaderTestLog.ReadAsync(path, null);

        Assert.Equal(["outdone", "", "abc"], entries.Where(e => !e.IsStderr).Select(e => e.Text));
        Assert.Equal("outdone\n\nabc", LogReaderTestLog.Print(entries, stderr: false));
        Assert.Equal("errors\n", LogReaderTestLog.Print(entries, stderr: true));
        // A line carries the time of its first piece, as Docker's partial messages do.
        var first = entries.First(e => !e.IsStderr);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, 100, TimeSpan.Zero), first.Time);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, 200, TimeSpan.Zero), entries.First(e => e.IsStderr).Time);
    }

    [Fact]
    public async Task Tail_counts_whole_lines_of_both_streams_and_the_trailing_partial_one()
    {
        var path = _dir.Combine("ctr.log");
        await File.WriteAllTextAsync(path, string.Concat(
            "2024-01-02T03:04:05Z stdout F zero\n",
            "2024-01-02T03:04:05Z stdout P a\n",
            "2024-01-02T03:04:05Z stderr F x\n",
            "2024-01-02T03:04:05Z stdout F b\n",
            "2024-01-02T03:04:05Z stderr F y\n",
            "2024-01-02T03:04:05Z stdout P tr\n",
            "2024-01-02T03:04:05Z stdout P ail\n"));

        var lastTwo = await LogReaderTestLog.ReadAsync(path, 2);
        Assert.Equal(["y"], lastTwo.Where(e => e.IsStderr).Select(e => e.Text));
        Assert.Equal("trail", string.Concat(lastTwo.Where(e => !e.IsStderr).Select(e => e.Text)));

        var lastThree = await LogReaderTestLog.ReadAsync(path, 3);
        Assert.Equal("ab\ntrail", LogReaderTestLog.Print(lastThree, stderr: false));
        Assert.Equal("y\n", LogReaderTestLog.Print(lastThree, stderr: true));
    }

    [Fact]
    public async Task Follow_yields_lines_written_later_and_ends_when_container_stops()
    {
        var path = _dir.Combine("ctr.log");
        await File.WriteAllTextAsync(path, "2024-01-01T00:00:01Z stdout F first\n");

        var entries = await LogReaderTestLog.FollowWhileAsync(path, [
            () => File.AppendAllTextAsync(path, "2024-01-01T00:00:02Z stdout F second\n2024-01-01T00:00:02Z stdout P no newline"),
            () => File.AppendAllTextAsync(path, "\n"),
        ]);

        Assert.Equal("first\nsecond\nno newline", LogReaderTestLog.Print(entries, stderr: false));
    }

    [Fact]
    public async Task Follow_goes_on_in_the_new_file_after_conmon_rotates_the_log()
    {
        var path = _dir.Combine("ctr.log");
        await File.WriteAllTextAsync(path, "2024-01-01T00:00:01Z stdout F one\n");

        var entries = await LogReaderTestLog.FollowWhileAsync(path, [
            () => File.AppendAllTextAsync(path, "2024-01-01T00:00:02Z stdout F two\n2024-01-01T00:00:02Z stdout P thr\n"),
            async () =>
            {
                // conmon's rotation: write a fresh file beside the log and rename it over the log.
                await File.WriteAllTextAsync(path + ".tmp", "2024-01-01T00:00:03Z stdout F ee\n");
                File.Move(path + ".tmp", path, overwrite: true);
            },
            () => File.AppendAllTextAsync(path, "2024-01-01T00:00:04Z stdout F four\n"),
        ]);

        Assert.Equal("one\ntwo\nthree\nfour\n", LogReaderTestLog.Print(entries, stderr: false));
    }

    [Fact]
    public async Task Tail_of_one_endless_line_shows_its_end_without_reading_it_all()
    {
        var path = _dir.Combine("ctr.log");
        var piece = "2024-01-01T00:00:01Z stdout P " + new string('a', 8000) + "\n";
        await File.WriteAllTextAsync(path, string.Concat(Enumerable.Repeat(piece, 2000)) + "2024-01-01T00:00:01Z stdout P end\n");

        var entries = await LogReaderTestLog.ReadAsync(path, 1);

        var text = LogReaderTestLog.Print(entries, stderr: false);
        Assert.EndsWith("aaaend", text, StringComparison.Ordinal);
        Assert.True(text.Length < 64 * 1024, $"tail 1 of one 16 MB line printed {text.Length} characters");
    }
}
