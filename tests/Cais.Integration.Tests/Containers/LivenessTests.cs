using System.Diagnostics;
using Cais.Linux;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Containers;

/// <summary>
/// What `ps`, `start`, `stop`, `exec` and `rm` make of containers whose cais, monitor or runtime state died under
/// them: a start killed before the process ran, runc state that vanished, a monitor pid reused by another process,
/// an `rm -f` killed half-way. Docker never shows Up for a process that is not running, and rm -f always removes.
/// </summary>
[Collection(HostNetworkCollection.Name)]
public sealed class LivenessTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    public Task InitializeAsync()
    {
        Requires.Root("runc", "conmon", "sqlite3");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await fixture.RemoveAllAsync();

    [Fact]
    public async Task A_start_killed_before_runc_start_is_not_shown_up_and_the_next_start_runs_the_command()
    {
        var id = await fixture.OkAsync("create", "--network", "none", fixture.Image, "sh", "-c", "echo ran; exec sleep 600");

        await PausedCais.KillAtAsync(fixture.Cais, TestPausePoint.BeforeRuntimeStart, "start", id);

        var status = await fixture.OkAsync("ps", "-a", "--filter", "id=" + id, "--format", "{{.Status}}");
        Assert.False(status.StartsWith("Up", StringComparison.Ordinal), $"shown as \"{status}\" though its command never ran");
        Assert.NotEqual("true", await fixture.InspectAsync(id, "{{.State.Running}}"));

        await fixture.OkAsync("start", id);
        Assert.True(await ContainerFixture.EventuallyAsync(async () => (await fixture.OkAsync("logs", id)) == "ran", ContainerFixture.Timeout),
            $"the command did not run after the second start: logs \"{await fixture.OkAsync("logs", id)}\"");
        Assert.StartsWith("Up", await fixture.OkAsync("ps", "--filter", "id=" + id, "--format", "{{.Status}}"), StringComparison.Ordinal);
        await fixture.OkAsync("rm", "-f", id);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task A_start_killed_before_runc_start_is_removed_by_rm()
    {
        var id = await fixture.OkAsync("create", "--network", "none", fixture.Image, "sleep", "600");

        await PausedCais.KillAtAsync(fixture.Cais, TestPausePoint.BeforeRuntimeStart, "start", id);

        await fixture.OkAsync("rm", id);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Rm_force_removes_a_container_whose_runtime_state_was_lost()
    {
        var id = await fixture.OkAsync("run", "-d", fixture.Image, "sh", "-c", "sleep 600 & exec sleep 600");
        var pids = ContainerProcesses(id);
        Assert.True(pids.Count >= 2, $"expected two processes in the container's cgroup, found {pids.Count}");
        Directory.Delete(Path.Combine(fixture.Cais.RunRoot, "runc", id), recursive: true);

        var rm = await fixture.RunAsync("rm", "-f", id);

        Assert.True(rm.ExitCode == 0, $"rm -f failed: {rm}");
        Assert.True(await ContainerFixture.EventuallyAsync(() => pids.All(p => !NativeProcess.IsRunning(p)), TimeSpan.FromSeconds(10)),
            $"processes of the container left: {string.Join(", ", pids.Where(NativeProcess.IsRunning))}");
        Assert.Empty(ContainerCgroups(id));
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Stop_ends_a_container_whose_runtime_state_was_lost()
    {
        var id = await fixture.OkAsync("run", "-d", "--network", "none", fixture.Image, "sleep", "600");
        var pids = ContainerProcesses(id);
        Directory.Delete(Path.Combine(fixture.Cais.RunRoot, "runc", id), recursive: true);

        var stop = await fixture.RunAsync("stop", "-t", "1", id);

        Assert.True(stop.ExitCode == 0, $"stop failed: {stop}");
        Assert.Equal("exited", await fixture.InspectAsync(id, "{{.State.Status}}"));
        Assert.True(await ContainerFixture.EventuallyAsync(() => pids.All(p => !NativeProcess.IsRunning(p)), TimeSpan.FromSeconds(10)),
            "the container's processes outlived stop");
        await fixture.OkAsync("rm", id);
        Assert.Empty(ContainerCgroups(id));
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task A_monitor_pid_reused_by_another_process_does_not_keep_the_container_up()
    {
        var id = await fixture.OkAsync("run", "-d", "--network", "none", fixture.Image, "sleep", "600");
        var conmon = int.Parse(File.ReadAllText(Path.Combine(fixture.Cais.RunRoot, "containers", id, "conmon.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var init = int.Parse(await fixture.InspectAsync(id, "{{.State.Pid}}"), System.Globalization.CultureInfo.InvariantCulture);

        // What a reboot leaves: monitor and container gone without a trace, and the monitor's pid now names an
        // unrelated process.
        NativeProcess.Kill(conmon, 9);
        NativeProcess.Kill(init, 9);
        Assert.True(await ContainerFixture.EventuallyAsync(() => !NativeProcess.IsRunning(conmon) && !NativeProcess.IsRunning(init), TimeSpan.FromSeconds(10)));
        Directory.Delete(Path.Combine(fixture.Cais.RunRoot, "runc", id), recursive: true);
        using var unrelated = Process.Start("sleep", "600");
        try
        {
            await SetRecordAsync(id, "$.State.ConmonPid", unrelated.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

            Assert.StartsWith("Exited", await fixture.OkAsync("ps", "-a", "--filter", "id=" + id, "--format", "{{.Status}}"), StringComparison.Ordinal);
            var exec = await fixture.RunAsync("exec", id, "true");
            Assert.Equal(1, exec.ExitCode);
            Assert.Contains($"container {id} is not running", exec.Stderr, StringComparison.Ordinal);
            await fixture.OkAsync("rm", id);
            Assert.False(unrelated.HasExited, "rm killed the process that reused the monitor's pid");
        }
        finally
        {
            unrelated.Kill();
        }

        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task A_container_started_before_a_reboot_is_not_up_after_it()
    {
        var id = await fixture.OkAsync("run", "-d", "--network", "none", fixture.Image, "sleep", "600");
        var pids = ContainerProcesses(id);

        // The monitor is alive, but the record says it was started under another boot: its pid means nothing now.
        await SetRecordAsync(id, "$.State.BootId", "'00000000-0000-0000-0000-000000000000'");

        Assert.StartsWith("Exited", await fixture.OkAsync("ps", "-a", "--filter", "id=" + id, "--format", "{{.Status}}"), StringComparison.Ordinal);
        await fixture.OkAsync("rm", id);
        Assert.True(await ContainerFixture.EventuallyAsync(() => pids.All(p => !NativeProcess.IsRunning(p)), TimeSpan.FromSeconds(10)),
            "processes of the container outlived rm");
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Kill_records_137()
    {
        var id = await fixture.OkAsync("run", "-d", "--network", "none", fixture.Image, "sleep", "600");

        await fixture.OkAsync("kill", id);

        Assert.Equal("exited 137", await fixture.InspectAsync(id, "{{.State.Status}} {{.State.ExitCode}}"));
        await fixture.OkAsync("rm", id);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task An_rm_force_killed_after_the_kill_leaves_the_container_exited_with_137()
    {
        var id = await fixture.OkAsync("run", "-d", "--network", "none", fixture.Image, "sleep", "600");

        await PausedCais.KillAtAsync(fixture.Cais, TestPausePoint.RemoveAfterExitFile, "rm", "-f", id);

        Assert.Equal("exited 137", await fixture.InspectAsync(id, "{{.State.Status}} {{.State.ExitCode}}"));
        await fixture.OkAsync("rm", id);
        await fixture.AssertNothingLeftAsync();
    }

    private static List<int> ContainerProcesses(string id) => CgroupProbe.Processes(id);

    private static List<string> ContainerCgroups(string id) => CgroupProbe.Of(id);

    private async Task SetRecordAsync(string id, string jsonPath, string sqlValue) =>
        await ExternalTool.RunCheckedAsync("sqlite3", [Path.Combine(fixture.Cais.Root, "cais.db"),
            $"UPDATE containers SET data = json_set(data, '{jsonPath}', {sqlValue}) WHERE id = '{id}'"], CancellationToken.None);
}
