using System.Globalization;
using Cais.Linux;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Containers;

/// <summary>
/// `cais system reconcile` (what a long-running service runs at start) after processes died under the records: a
/// monitor killed by SIGKILL, a record from another boot, a snapshot and a namespace nobody's record names. Nothing here
/// reads the containers before the reconciliation, since every read brings a record up to date by itself.
/// </summary>
[Collection(HostNetworkCollection.Name)]
public sealed class ReconcileTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    public Task InitializeAsync()
    {
        Requires.Root("runc", "conmon", "sqlite3");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await fixture.RemoveAllAsync();

    [Fact]
    public async Task A_container_whose_monitor_was_killed_is_marked_exited_and_leaves_no_namespace_or_mount()
    {
        var id = await fixture.OkAsync("run", "-d", fixture.Image, "sleep", "600");
        var pids = ContainerProcesses(id);
        Assert.True(File.Exists(Netns(id)), "the container on the default bridge has no namespace to sweep");

        NativeProcess.Kill(ConmonPid(id), 9);
        var report = await fixture.OkAsync("system", "reconcile");

        Assert.Contains($"exited {id}", report.Split('\n'));
        Assert.Equal("exited 255", await fixture.InspectAsync(id, "{{.State.Status}} {{.State.ExitCode}}"));
        Assert.False(File.Exists(Netns(id)), "the network namespace outlived the reconciliation");
        Assert.DoesNotContain(fixture.Cais.Mounts(), m => m.Contains(id, StringComparison.Ordinal));
        Assert.True(await ContainerFixture.EventuallyAsync(() => pids.All(p => !NativeProcess.IsRunning(p)), TimeSpan.FromSeconds(10)),
            "the container's processes outlived the reconciliation");
        await fixture.OkAsync("rm", id);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task The_exit_code_comes_from_the_exit_file_when_the_monitor_wrote_one()
    {
        var id = await fixture.OkAsync("run", "-d", "--network", "none", fixture.Image, "sleep", "600");

        // The monitor dies after recording the exit, before its cleanup ran.
        NativeProcess.Kill(ConmonPid(id), 9);
        await File.WriteAllTextAsync(Path.Combine(fixture.Cais.RunRoot, "exits", id), "3");
        await fixture.OkAsync("system", "reconcile");

        Assert.Equal("exited 3", await fixture.InspectAsync(id, "{{.State.Status}} {{.State.ExitCode}}"));
        await fixture.OkAsync("rm", id);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task A_live_container_is_adopted_and_left_running()
    {
        var id = await fixture.OkAsync("run", "-d", "--network", "none", fixture.Image, "sleep", "600");
        var pids = ContainerProcesses(id);

        var report = await fixture.OkAsync("system", "reconcile");

        Assert.Contains($"adopted {id}", report.Split('\n'));
        Assert.Equal("running", await fixture.InspectAsync(id, "{{.State.Status}}"));
        Assert.All(pids, p => Assert.True(NativeProcess.IsRunning(p), $"process {p} of the container was ended"));
        Assert.Equal("ok", await fixture.OkAsync("exec", id, "echo", "ok"));
        await fixture.OkAsync("rm", "-f", id);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task A_record_from_another_boot_counts_as_exited()
    {
        var id = await fixture.OkAsync("run", "-d", fixture.Image, "sleep", "600");
        var pids = ContainerProcesses(id);
        await ExternalTool.RunCheckedAsync("sqlite3", [Path.Combine(fixture.Cais.Root, "cais.db"),
            $"UPDATE containers SET data = json_set(data, '$.State.BootId', '00000000-0000-0000-0000-000000000000') WHERE id = '{id}'"],
            CancellationToken.None);

        var report = await fixture.OkAsync("system", "reconcile");

        Assert.Contains($"exited {id}", report.Split('\n'));
        Assert.Equal("exited", await fixture.InspectAsync(id, "{{.State.Status}}"));
        Assert.False(File.Exists(Netns(id)), "the network namespace outlived the reconciliation");
        Assert.True(await ContainerFixture.EventuallyAsync(() => pids.All(p => !NativeProcess.IsRunning(p)), TimeSpan.FromSeconds(10)),
            "the container's processes outlived the reconciliation");
        await fixture.OkAsync("rm", id);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task What_no_record_names_is_swept()
    {
        var orphan = new string('e', 64);
        var snapshots = Directory.GetDirectories(Path.Combine(fixture.Cais.Root, "storage")).Select(d => Path.Combine(d, "containers")).Where(Directory.Exists).ToList();
        Assert.NotEmpty(snapshots);
        var snapshot = Path.Combine(snapshots[0], orphan);
        Directory.CreateDirectory(Path.Combine(snapshot, "upper"));
        var data = Path.Combine(fixture.Cais.Root, "containers", orphan);
        Directory.CreateDirectory(data);
        var netns = Netns(orphan);
        Directory.CreateDirectory(Path.GetDirectoryName(netns)!);
        await File.WriteAllTextAsync(netns, "");

        var report = (await fixture.OkAsync("system", "reconcile")).Split('\n');

        Assert.False(Directory.Exists(snapshot), "the orphan snapshot was kept");
        Assert.False(Directory.Exists(data), "the orphan data directory was kept");
        Assert.False(File.Exists(netns), "the orphan namespace file was kept");
        Assert.Contains($"swept {netns}", report);
        await fixture.AssertNothingLeftAsync();
    }

    private string Netns(string id) => Path.Combine(fixture.Cais.RunRoot, "netns", id);

    private int ConmonPid(string id) =>
        int.Parse(File.ReadAllText(Path.Combine(fixture.Cais.RunRoot, "containers", id, "conmon.pid")).Trim(), CultureInfo.InvariantCulture);

    private static List<int> ContainerProcesses(string id) => CgroupProbe.Processes(id);
}
