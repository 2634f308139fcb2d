using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cais.Linux;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Containers;

/// <summary>Detached containers: ps, stop, start, kill, rm, logs, wait, create, inspect, cgroups and many at once.</summary>
public sealed class LifecycleTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => fixture.RemoveAllAsync();

    [Fact]
    public async Task Detached_container_is_listed_stopped_restarted_killed_and_removed()
    {
        var name = TestNames.For("lifecycle");
        var id = await fixture.OkAsync("run", "-d", "--name", name, fixture.Image, "sleep", "1000");
        ContainerFixture.AssertFullId(id);

        var table = await fixture.OkAsync("ps");
        Assert.Contains(table.Split('\n'), l => l.StartsWith(id[..12], StringComparison.Ordinal) && l.Contains(" Up ", StringComparison.Ordinal) && l.EndsWith(name, StringComparison.Ordinal));
        Assert.Equal(id[..12], await fixture.OkAsync("ps", "-q"));
        Assert.Equal(id, await fixture.OkAsync("ps", "-q", "--no-trunc"));
        Assert.Equal(name, await fixture.OkAsync("ps", "--format", "{{.Names}}"));
        Assert.Equal(id[..12], await fixture.OkAsync("ps", "-q", "--filter", "name=" + name));
        Assert.Equal("", await fixture.OkAsync("ps", "-q", "--filter", "name=no-such-name"));

        // sleep as pid 1 ignores SIGTERM, so stop -t 1 has to escalate to SIGKILL after a second.
        var stopwatch = Stopwatch.StartNew();
        Assert.Equal(name, await fixture.OkAsync("stop", "-t", "1", name));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(8), $"stop took {stopwatch.Elapsed}");
        Assert.Equal("", await fixture.OkAsync("ps", "-q"));
        Assert.Matches(@"^Exited \((137|143)\) ", await fixture.OkAsync("ps", "-a", "--format", "{{.Status}}"));
        Assert.Empty(fixture.Cais.Mounts());

        Assert.Equal(name, await fixture.OkAsync("start", name));
        Assert.Equal("running", await fixture.InspectAsync(name, "{{.State.Status}}"));
        Assert.Matches("^Up ", await fixture.OkAsync("ps", "--format", "{{.Status}}"));

        var refused = await fixture.RunAsync("rm", name);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"Error response from daemon: cannot remove container \"/{name}\": container is running: stop the container before removing or force remove", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("running", await fixture.InspectAsync(name, "{{.State.Status}}"));

        Assert.Equal(name, await fixture.OkAsync("kill", name));
        Assert.Equal("exited 137", await fixture.InspectAsync(name, "{{.State.Status}} {{.State.ExitCode}}"));
        Assert.Matches(@"^Exited \(137\) ", await fixture.OkAsync("ps", "-a", "--format", "{{.Status}}"));
        Assert.Empty(fixture.Cais.Mounts());

        Assert.Equal(name, await fixture.OkAsync("start", name));
        Assert.Equal(name, await fixture.OkAsync("rm", "-f", name));
        Assert.Equal("", await fixture.OkAsync("ps", "-aq"));
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Container_outlives_cais_and_a_kill_from_outside_is_noticed()
    {
        var name = TestNames.For("outside");
        var id = await fixture.OkAsync("run", "-d", "--name", name, fixture.Image, "sleep", "1000");
        var pid = int.Parse(await fixture.InspectAsync(name, "{{.State.Pid}}"), CultureInfo.InvariantCulture);

        // cais has exited (OkAsync waited for it); the container runs on under conmon.
        Assert.True(pid > 0 && NativeProcess.IsAlive(pid), $"container pid {pid} is not alive");
        Assert.Equal("conmon", await File.ReadAllTextAsync($"/proc/{ParentOf(pid)}/comm").ContinueWith(t => t.Result.Trim()));
        Assert.Equal("running", await fixture.InspectAsync(id, "{{.State.Status}}"));

        Assert.True(NativeProcess.Kill(pid, 9));
        Assert.True(await ContainerFixture.EventuallyAsync(() => !NativeProcess.IsAlive(pid) || IsZombie(pid), TimeSpan.FromSeconds(10)));

        // No cais process was running when it died: reading the state must notice the exit.
        string status = "";
        Assert.True(await ContainerFixture.EventuallyAsync(async () =>
        {
            status = await fixture.OkAsync("ps", "-a", "--format", "{{.Status}}");
            return status.StartsWith("Exited", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10)), $"ps still says {status}");
        Assert.Matches(@"^Exited \(137\) ", status);
        Assert.Equal("exited 137", await fixture.InspectAsync(name, "{{.State.Status}} {{.State.ExitCode}}"));
        Assert.Equal("", await fixture.OkAsync("ps", "-q"));
        Assert.Empty(fixture.Cais.Mounts());

        await fixture.OkAsync("rm", name);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Logs_persist_after_exit_with_streams_tail_and_timestamps()
    {
        var name = TestNames.For("logs");
        // conmon reads stdout and stderr from separate pipes, so only a pause orders lines across the two streams.
        await fixture.OkAsync("run", "-d", "--name", name, fixture.Image, "sh", "-c", "echo out; echo err >&2; sleep 0.2; echo last");
        Assert.Equal("0", await fixture.OkAsync("wait", name));

        var logs = await fixture.RunAsync("logs", name);
        Assert.Equal(0, logs.ExitCode);
        Assert.Equal("out\nlast\n", logs.Stdout);
        Assert.Equal("err\n", logs.Stderr);

        var tail = await fixture.RunAsync("logs", "--tail", "1", name);
        Assert.Equal("last\n", tail.Stdout + tail.Stderr);

        var stamped = await fixture.RunAsync("logs", "-t", name);
        var lines = stamped.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z out$", lines[0]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z last$", lines[1]);
        var stamp = DateTimeOffset.Parse(lines[0].Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - stamp).TotalMinutes) < 5, $"timestamp {stamp:O} is not now");

        await fixture.OkAsync("rm", name);
        var gone = await fixture.RunAsync("logs", name);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("No such container", gone.Stderr, StringComparison.Ordinal);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Logs_follow_streams_a_running_container_and_ends_when_it_exits()
    {
        var name = TestNames.For("follow");
        await fixture.OkAsync("run", "-d", "--name", name, fixture.Image, "sh", "-c", "echo first; sleep 1.5; echo second");

        using var follow = fixture.Cais.Start(["logs", "-f", name]);
        using var cancel = new CancellationTokenSource(ContainerFixture.Timeout);
        Assert.Equal("first", await follow.StandardOutput.ReadLineAsync(cancel.Token));
        Assert.False(follow.HasExited, "logs -f ended while the container was still running");
        Assert.Equal("second", await follow.StandardOutput.ReadLineAsync(cancel.Token));
        await follow.WaitForExitAsync(cancel.Token);
        Assert.Equal(0, follow.ExitCode);
        Assert.Equal("", await follow.StandardOutput.ReadToEndAsync(cancel.Token));

        await fixture.OkAsync("rm", name);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Create_then_start_attached_wait_and_inspect()
    {
        var name = TestNames.For("create");
        var id = await fixture.OkAsync("create", "--name", name, fixture.Image, "sh", "-c", "echo created-out; echo created-err >&2; exit 4");
        ContainerFixture.AssertFullId(id);
        Assert.Equal("created", await fixture.InspectAsync(name, "{{.State.Status}}"));
        Assert.Matches("^Created", await fixture.OkAsync("ps", "-a", "--format", "{{.Status}}"));
        Assert.Equal("", await fixture.OkAsync("ps", "-q"));

        var started = await fixture.RunAsync("start", "-a", name);
        Assert.Equal(4, started.ExitCode);
        Assert.Equal("created-out\n", started.Stdout);
        Assert.Equal("created-err\n", started.Stderr);

        var wait = await fixture.RunAsync("wait", name);
        Assert.Equal(0, wait.ExitCode);
        Assert.Equal("4", wait.Out);

        using var json = JsonDocument.Parse(await fixture.OkAsync("inspect", name));
        var c = Assert.Single(json.RootElement.EnumerateArray().ToList());
        Assert.Equal(id, c.GetProperty("Id").GetString());
        Assert.Equal("/" + name, c.GetProperty("Name").GetString());
        Assert.Equal("exited", c.GetProperty("State").GetProperty("Status").GetString());
        Assert.Equal(4, c.GetProperty("State").GetProperty("ExitCode").GetInt32());
        Assert.False(c.GetProperty("State").GetProperty("Running").GetBoolean());
        Assert.Equal(["sh", "-c", "echo created-out; echo created-err >&2; exit 4"], c.GetProperty("Config").GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(fixture.Image, c.GetProperty("Config").GetProperty("Image").GetString());
        Assert.Equal("bridge", c.GetProperty("HostConfig").GetProperty("NetworkMode").GetString());
        Assert.StartsWith("sha256:", c.GetProperty("Image").GetString(), StringComparison.Ordinal);

        await fixture.OkAsync("rm", name);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Detached_rm_container_is_removed_by_the_exit_command_when_it_exits()
    {
        // No cais process waits for it: only conmon's exit command (`cais container cleanup`) can remove it.
        var id = await fixture.OkAsync("run", "--rm", "-d", fixture.Image, "sh", "-c", "sleep 0.5; exit 2");
        ContainerFixture.AssertFullId(id);
        Assert.Equal(id, await fixture.OkAsync("ps", "-q", "--no-trunc"));

        Assert.True(await ContainerFixture.EventuallyAsync(async () => (await fixture.OkAsync("ps", "-aq")).Length == 0, TimeSpan.FromSeconds(15)),
            "the --rm container was not removed after it exited");
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Wait_blocks_until_a_running_container_exits()
    {
        var name = TestNames.For("wait");
        await fixture.OkAsync("run", "-d", "--name", name, fixture.Image, "sh", "-c", "sleep 1; exit 9");

        var stopwatch = Stopwatch.StartNew();
        Assert.Equal("9", await fixture.OkAsync("wait", name));
        Assert.True(stopwatch.Elapsed > TimeSpan.FromMilliseconds(300), $"wait returned after {stopwatch.Elapsed}, before the container could have exited");
        Assert.Equal("exited 9", await fixture.InspectAsync(name, "{{.State.Status}} {{.State.ExitCode}}"));

        await fixture.OkAsync("rm", name);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Ten_containers_started_at_once_all_run_with_distinct_ids()
    {
        var processes = Enumerable.Range(0, 10).Select(_ => fixture.Cais.Start(["run", "-d", fixture.Image, "sleep", "1000"])).ToList();
        var ids = new List<string>();
        using var cancel = new CancellationTokenSource(ContainerFixture.Timeout);
        foreach (var process in processes)
        {
            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync(cancel.Token);
                Assert.True(process.ExitCode == 0, $"run -d failed: {await stderr}");
                ids.Add((await stdout).Trim());
            }
        }

        Assert.All(ids, ContainerFixture.AssertFullId);
        Assert.Equal(10, ids.Distinct().Count());
        var listed = (await fixture.OkAsync("ps", "-q", "--no-trunc")).Split('\n');
        Assert.Equal(ids.Order(), listed.Order());
        Assert.Equal(10, (await fixture.OkAsync("ps", "--format", "{{.Names}}")).Split('\n').Distinct().Count());

        var removed = await fixture.OkAsync(["rm", "-f", .. ids]);
        Assert.Equal(ids, removed.Split('\n'));
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Container_runs_in_its_own_cgroup_which_rm_removes()
    {
        var name = TestNames.For("cgroup");
        var id = await fixture.OkAsync("run", "-d", "--name", name, fixture.Image, "sleep", "1000");
        var pid = await fixture.InspectAsync(name, "{{.State.Pid}}");

        var cgroups = await File.ReadAllLinesAsync($"/proc/{pid}/cgroup");
        Assert.NotEmpty(cgroups);
        Assert.All(cgroups, line => Assert.EndsWith(":/cais/" + id, line, StringComparison.Ordinal));
        Assert.NotEmpty(CgroupDirectories(id));

        await fixture.OkAsync("rm", "-f", name);
        Assert.Empty(CgroupDirectories(id));
        await fixture.AssertNothingLeftAsync();
    }

    /// <summary>Every cgroup directory named cais/ID, on a v2 or v1 (one mount per controller) hierarchy.</summary>
    private static List<string> CgroupDirectories(string id)
    {
        var mounts = File.ReadAllLines("/proc/self/mountinfo")
            .Select(l => l.Split(' '))
            .Where(f => f.SkipWhile(x => x != "-").Skip(1).FirstOrDefault() is "cgroup" or "cgroup2")
            .Select(f => f[4]);
        return mounts.Select(m => Path.Combine(m, "cais", id)).Where(Directory.Exists).ToList();
    }

    private static int ParentOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], CultureInfo.InvariantCulture);
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
