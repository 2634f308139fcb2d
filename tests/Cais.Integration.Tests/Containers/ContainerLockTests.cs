using Cais.Linux;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Containers;

/// <summary>
/// stop, kill and exec take the container's lock like start and rm: issued while a start is half-way (stopped at
/// <see cref="TestPausePoint.BeforeRuntimeStart"/> with the lock held), they wait for it and then act on the container it
/// started, instead of judging a record that is about to change (before, kill and exec said "not running" and stop
/// returned at once, leaving the container running).
/// </summary>
[Collection(HostNetworkCollection.Name)]
public sealed class ContainerLockTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    private static readonly TimeSpan s_waited = TimeSpan.FromSeconds(1);

    public Task InitializeAsync()
    {
        Requires.Root("runc", "conmon");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await fixture.RemoveAllAsync();

    [Fact]
    public async Task Kill_waits_for_a_start_under_way_and_kills_what_it_started()
    {
        var id = await fixture.OkAsync("create", "--network", "none", fixture.Image, "sleep", "600");

        var kill = await WhileStartingAsync(id, "kill", id);

        Assert.True(kill.ExitCode == 0, $"kill failed: {kill}");
        Assert.Equal("exited 137", await fixture.InspectAsync(id, "{{.State.Status}} {{.State.ExitCode}}"));
        await fixture.OkAsync("rm", id);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Stop_waits_for_a_start_under_way_and_stops_what_it_started()
    {
        var id = await fixture.OkAsync("create", "--network", "none", fixture.Image, "sleep", "600");

        var stop = await WhileStartingAsync(id, "stop", "-t", "1", id);

        Assert.True(stop.ExitCode == 0, $"stop failed: {stop}");
        Assert.Equal("exited", await fixture.InspectAsync(id, "{{.State.Status}}"));
        await fixture.OkAsync("rm", id);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Exec_waits_for_a_start_under_way_and_runs_in_what_it_started()
    {
        var id = await fixture.OkAsync("create", "--network", "none", fixture.Image, "sleep", "600");

        var exec = await WhileStartingAsync(id, "exec", id, "echo", "in");

        Assert.True(exec.ExitCode == 0, $"exec failed: {exec}");
        Assert.Equal("in", exec.Out);
        await fixture.OkAsync("rm", "-f", id);
        await fixture.AssertNothingLeftAsync();
    }

    /// <summary>Runs a command while `start` holds the lock; checks that it waits, lets the start finish, and returns its result.</summary>
    private async Task<CaisResult> WhileStartingAsync(string id, params string[] args)
    {
        using var start = await PausedCais.PauseAtAsync(fixture.Cais, TestPausePoint.BeforeRuntimeStart, "start", id);
        var command = fixture.RunAsync(args);
        try
        {
            await Task.Delay(s_waited);
            Assert.False(command.IsCompleted, $"`cais {string.Join(' ', args)}` did not wait for the start: {(command.IsCompleted ? command.Result : null)}");
        }
        finally
        {
            NativeProcess.Kill(start.Id, 18); // SIGCONT
        }

        await start.WaitForExitAsync();
        Assert.True(start.ExitCode == 0, $"the start failed: {await start.StandardError.ReadToEndAsync()}");
        return await command;
    }
}
