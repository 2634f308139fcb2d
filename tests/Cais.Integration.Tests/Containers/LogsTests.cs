using System.Diagnostics;
using System.Globalization;
using Cais.Runtime;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Containers;

/// <summary>`cais logs` against conmon's real k8s-file logs: partial lines, streams, tail from the end, the size cap.</summary>
public sealed class LogsTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    /// <summary>130 000 lines of 1000 bytes (130 MB) go past conmon's 100 MiB cap once.</summary>
    private const int LinesOverCap = 130_000;

    private static readonly string WriteOverCap = WriteLines(LinesOverCap);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => fixture.RemoveAllAsync();

    [Fact]
    public async Task Output_without_a_final_newline_is_shown_without_one()
    {
        var name = await RunToEndAsync("printf", "printf abc");

        var logs = await fixture.RunAsync("logs", name);
        Assert.Equal(0, logs.ExitCode);
        Assert.Equal("abc", logs.Stdout);
        Assert.Equal("", logs.Stderr);

        var stamped = await fixture.RunAsync("logs", "-t", name);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z abc$", stamped.Stdout);
        Assert.Equal("abc", (await fixture.RunAsync("logs", "--tail", "1", name)).Stdout);
    }

    [Fact]
    public async Task Pieces_of_stdout_and_stderr_lines_stay_on_their_streams()
    {
        var name = await RunToEndAsync("streams", "printf out; printf err >&2; sleep 0.2; echo done; printf ors >&2");

        var logs = await fixture.RunAsync("logs", name);
        Assert.Equal("outdone\n", logs.Stdout);
        Assert.Equal("errors", logs.Stderr);
    }

    [Fact]
    public async Task Tail_returns_the_last_lines_of_a_real_log()
    {
        var name = await RunToEndAsync("tail", "seq 1 200000; sleep 0.2; echo err >&2; sleep 0.2; printf end");

        // Lines count in the log's order across both streams, the unfinished last one included.
        var tail = await fixture.RunAsync("logs", "--tail", "4", name);
        Assert.Equal("199999\n200000\nend", tail.Stdout);
        Assert.Equal("err\n", tail.Stderr);
        Assert.Equal("", (await fixture.RunAsync("logs", "--tail", "0", name)).Stdout);
    }

    [Fact]
    public async Task A_log_written_past_the_cap_stays_under_it_and_logs_still_answer()
    {
        var name = await RunToEndAsync("logcap", WriteOverCap + "; echo last");

        var logPath = await fixture.InspectAsync(name, "{{.LogPath}}");
        var size = new FileInfo(logPath).Length;
        Assert.True(size <= ConmonRuntime.LogSizeMax, $"{logPath} is {size} bytes, over the {ConmonRuntime.LogSizeMax} byte cap");
        Assert.Equal([Path.GetFileName(logPath)], Directory.GetFiles(Path.GetDirectoryName(logPath)!, Path.GetFileName(logPath) + "*").Select(Path.GetFileName));

        var stopwatch = Stopwatch.StartNew();
        var tail = await fixture.RunAsync("logs", "--tail", "1", name);
        stopwatch.Stop();
        Assert.Equal("last\n", tail.Stdout);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"logs --tail 1 of a {size >> 20} MB log took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Restarts_that_each_write_under_the_cap_do_not_grow_the_log_past_it()
    {
        // conmon counts only what it wrote itself, so each start could add a whole cap to the log it appends to.
        var name = await RunToEndAsync("logrestart", WriteLines(60_000) + "; echo run");
        for (var start = 0; start < 2; start++)
        {
            await fixture.OkAsync("start", name);
            Assert.Equal("0", await fixture.OkAsync("wait", name));
        }

        var logPath = await fixture.InspectAsync(name, "{{.LogPath}}");
        var size = new FileInfo(logPath).Length;
        Assert.True(size <= ConmonRuntime.LogSizeMax, $"{logPath} is {size} bytes after three runs, over the {ConmonRuntime.LogSizeMax} byte cap");
        Assert.Equal("run\n", (await fixture.RunAsync("logs", "--tail", "1", name)).Stdout);
    }

    [Fact]
    public async Task Follow_keeps_every_line_across_a_rotation_and_ends_with_the_container()
    {
        var name = TestNames.For("followcap");
        await fixture.OkAsync("run", "-d", "--name", name, fixture.Image, "sh", "-c", "sleep 1; " + WriteOverCap + "; echo last");

        using var follow = fixture.Cais.Start(["logs", "-f", name]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var lines = 0;
        var last = "";
        while (await follow.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
        {
            lines++;
            last = line;
        }

        await follow.WaitForExitAsync(cancel.Token);
        Assert.Equal(0, follow.ExitCode);
        Assert.Equal("last", last);
        Assert.Equal((LinesOverCap + 1).ToString(CultureInfo.InvariantCulture), lines.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A script that writes <paramref name="count"/> lines of 1000 bytes, fast (busybox yes and head).</summary>
    private static string WriteLines(int count) => $"line=$(head -c 999 /dev/zero | tr '\\0' a); yes \"$line\" | head -n {count}";

    /// <summary>Runs a detached container with `sh -c SCRIPT` and waits for it to exit 0; returns its name.</summary>
    private async Task<string> RunToEndAsync(string prefix, string script)
    {
        var name = TestNames.For(prefix);
        await fixture.OkAsync("run", "-d", "--name", name, fixture.Image, "sh", "-c", script);
        Assert.Equal("0", await fixture.OkAsync("wait", name));
        return name;
    }
}
