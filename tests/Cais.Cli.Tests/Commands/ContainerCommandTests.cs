using Cais.Cli.Tests.Fakes;
using Cais.Common;

namespace Cais.Cli.Tests.Commands;

/// <summary>stop, kill, rm and wait decode their arguments, call the container service once per target and print Docker's output.</summary>
public sealed class ContainerCommandTests
{
    private readonly FakeEngine _engine = new();

    [Fact]
    public async Task Stop_stops_each_container_and_prints_its_name()
    {
        var run = await CliRun.RunAsync(_engine, "stop", "a", "b");

        Assert.Equal(["StopAsync(a, null, null)", "StopAsync(b, null, null)"], _engine.Log.Calls);
        Assert.Equal(new CliRun(0, "a\nb\n", ""), run);
    }

    [Fact]
    public async Task Stop_passes_the_timeout_and_the_signal()
    {
        var run = await CliRun.RunAsync(_engine, "stop", "-t", "3", "--signal", "SIGINT", "a");

        Assert.Equal(["StopAsync(a, 3, SIGINT)"], _engine.Log.Calls);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task An_unknown_container_is_dockers_error_and_exit_code_1()
    {
        _engine.Log.Failures["x"] = EngineException.NotFound("No such container: x");

        var run = await CliRun.RunAsync(_engine, "stop", "x");

        Assert.Equal(new CliRun(1, "", "Error response from daemon: No such container: x\n"), run);
    }

    [Fact]
    public async Task A_failing_target_does_not_stop_the_others()
    {
        _engine.Log.Failures["x"] = EngineException.NotFound("No such container: x");

        var run = await CliRun.RunAsync(_engine, "kill", "-s", "KILL", "a", "x", "b");

        Assert.Equal(["KillAsync(a, KILL)", "KillAsync(x, KILL)", "KillAsync(b, KILL)"], _engine.Log.Calls);
        Assert.Equal(new CliRun(1, "a\nb\n", "Error response from daemon: No such container: x\n"), run);
    }

    [Fact]
    public async Task Rm_force_removes_each_container()
    {
        var run = await CliRun.RunAsync(_engine, "rm", "-f", "a", "b");

        Assert.Equal(["RemoveAsync(a, force: True)", "RemoveAsync(b, force: True)"], _engine.Log.Calls);
        Assert.Equal(new CliRun(0, "a\nb\n", ""), run);
    }

    [Fact]
    public async Task Rm_refused_for_a_running_container_says_why()
    {
        _engine.Log.Failures["web"] = EngineException.Conflict("cannot remove container \"/web\": container is running: stop the container before removing or force remove");

        var run = await CliRun.RunAsync(_engine, "rm", "web");

        Assert.Equal(new CliRun(1, "", "Error response from daemon: cannot remove container \"/web\": container is running: stop the container before removing or force remove\n"), run);
    }

    [Fact]
    public async Task Wait_prints_each_exit_code()
    {
        _engine.Containers.ExitCode = 3;

        var run = await CliRun.RunAsync(_engine, "wait", "a", "b");

        Assert.Equal(["WaitAsync(a)", "WaitAsync(b)"], _engine.Log.Calls);
        Assert.Equal(new CliRun(0, "3\n3\n", ""), run);
    }

    [Fact]
    public async Task Container_group_verbs_are_the_same_commands()
    {
        var run = await CliRun.RunAsync(_engine, "container", "stop", "a");

        Assert.Equal(["StopAsync(a, null, null)"], _engine.Log.Calls);
        Assert.Equal(new CliRun(0, "a\n", ""), run);
    }
}
