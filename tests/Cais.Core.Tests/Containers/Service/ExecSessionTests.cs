using Cais.Common;
using Cais.Containers;
using Cais.Runtime;
using Cais.TestSupport;

namespace Cais.Core.Tests.Containers.Service;

/// <summary>Exec as sessions, Docker's model: create, start once, inspect and resize, from any process of the state root.</summary>
public sealed class ExecSessionTests : ContainerServiceTestBase
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_session_is_created_started_once_inspected_and_removed_with_its_container()
    {
        var running = await Bed.RunAsync(ContainerServiceTestBed.Options("web"));
        var exit = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Bed.Runtime.OnExec = (launch, stdin, stdout, stderr, ct) => exit.Task;

        var execId = await Bed.Service.CreateExecAsync("web", new ExecOptions { Cmd = ["sh", "-c", "exit 3"], User = "root", Tty = true }, CancellationToken.None);

        var created = await Bed.Service.InspectExecAsync(execId, CancellationToken.None);
        Assert.Equal(running.Id, created.ContainerId);
        Assert.False(created.Running);
        Assert.Null(created.ExitCode);
        Assert.Equal(new ExecProcessConfigView("sh", ["-c", "exit 3"], "root", true), View(created.ProcessConfig));

        var start = Bed.Service.StartExecAsync(execId, null, Stream.Null, Stream.Null, CancellationToken.None);
        await UntilAsync(() => Bed.Runtime.CallsFor(running.Id).Contains(nameof(IContainerRuntime.ExecAsync)));

        // Another process of the same state root sees it run, cannot start it again, and can resize it.
        var other = Bed.OtherProcess();
        var during = await other.InspectExecAsync(execId, CancellationToken.None);
        Assert.True(during.Running);
        Assert.True(during.Pid > 0);
        var again = await Assert.ThrowsAsync<EngineException>(() => other.StartExecAsync(execId, null, Stream.Null, Stream.Null, CancellationToken.None));
        Assert.Equal(ErrorKind.Conflict, again.Kind);
        Assert.Equal($"Error: Exec command {execId} is already running", again.Message);
        await other.ResizeExecAsync(execId, 24, 80, CancellationToken.None);
        Assert.Contains(Bed.Runtime.Calls, c => c.Operation == nameof(IContainerRuntime.ResizeExecAsync) && c.ContainerId.Contains(execId, StringComparison.Ordinal));

        exit.SetResult(3);
        Assert.Equal(3, await start.WaitAsync(s_timeout));

        var after = await other.InspectExecAsync(execId, CancellationToken.None);
        Assert.False(after.Running);
        Assert.Equal(3, after.ExitCode);
        var rerun = await Assert.ThrowsAsync<EngineException>(() => Bed.Service.StartExecAsync(execId, null, Stream.Null, Stream.Null, CancellationToken.None));
        Assert.Equal($"Error: Exec command {execId} has already run", rerun.Message);
        var resize = await Assert.ThrowsAsync<EngineException>(() => Bed.Service.ResizeExecAsync(execId, 24, 80, CancellationToken.None));
        Assert.Equal(ErrorKind.Conflict, resize.Kind);

        await Bed.Service.RemoveAsync("web", force: true, CancellationToken.None);

        var gone = await Assert.ThrowsAsync<EngineException>(() => Bed.Service.InspectExecAsync(execId, CancellationToken.None));
        Assert.Equal(ErrorKind.NotFound, gone.Kind);
        Assert.Equal($"No such exec instance: {execId}", gone.Message);
    }

    [Fact]
    public async Task The_process_gets_the_container_settings_with_the_session_overrides()
    {
        var running = await Bed.RunAsync(ContainerServiceTestBed.Options("web") with { Env = ["A=1", "B=2"] });
        ExecLaunch? seen = null;
        Stream? input = null;
        Bed.Runtime.OnExec = (launch, stdin, stdout, stderr, ct) =>
        {
            seen = launch;
            input = stdin;
            return Task.FromResult(0);
        };

        var code = await Bed.Service.ExecAsync("web", new ExecOptions { Cmd = ["env"], Env = ["B=3"], WorkingDir = "/tmp" }, new MemoryStream(), Stream.Null, Stream.Null, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.NotNull(seen);
        Assert.Equal(running.Id, seen.ContainerId);
        Assert.Equal(["env"], seen.Process.Args);
        Assert.Contains("A=1", seen.Process.Env);
        Assert.Contains("B=3", seen.Process.Env);
        Assert.DoesNotContain("B=2", seen.Process.Env);
        Assert.Equal("/tmp", seen.Process.Cwd);
        Assert.Null(input);
        Assert.StartsWith(Bed.Paths.ExecRoot, seen.WorkDir, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_in_a_container_that_does_not_run_is_refused()
    {
        var created = await Bed.CreateAsync(ContainerServiceTestBed.Options("web"));

        var error = await Assert.ThrowsAsync<EngineException>(() => Bed.Service.CreateExecAsync("web", new ExecOptions { Cmd = ["true"] }, CancellationToken.None));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Equal($"container {created.Id} is not running", error.Message);
    }

    [Fact]
    public async Task A_session_whose_container_stopped_before_the_start_is_refused()
    {
        var running = await Bed.RunAsync(ContainerServiceTestBed.Options("web"));
        var execId = await Bed.Service.CreateExecAsync("web", new ExecOptions { Cmd = ["true"] }, CancellationToken.None);
        Bed.Runtime.Exit(running.Id, 0);

        var error = await Assert.ThrowsAsync<EngineException>(() => Bed.Service.StartExecAsync(execId, null, Stream.Null, Stream.Null, CancellationToken.None));

        Assert.Equal($"container {running.Id} is not running", error.Message);
        Assert.DoesNotContain(nameof(IContainerRuntime.ExecAsync), Bed.Runtime.CallsFor(running.Id));
    }

    [Fact]
    public async Task A_command_that_cannot_run_is_recorded_with_its_exit_code()
    {
        await Bed.RunAsync(ContainerServiceTestBed.Options("web"));
        Bed.Runtime.FailNext(nameof(IContainerRuntime.ExecAsync), new CommandLaunchException(127, "exec: \"nope\": executable file not found in $PATH"));
        var execId = await Bed.Service.CreateExecAsync("web", new ExecOptions { Cmd = ["nope"] }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<CommandLaunchException>(() => Bed.Service.StartExecAsync(execId, null, Stream.Null, Stream.Null, CancellationToken.None));

        Assert.Equal(127, error.ExitCode);
        Assert.Equal(127, (await Bed.Service.InspectExecAsync(execId, CancellationToken.None)).ExitCode);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("../../etc")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task An_unknown_session_is_not_found(string execId)
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => Bed.Service.InspectExecAsync(execId, CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal($"No such exec instance: {execId}", error.Message);
    }

    private static ExecProcessConfigView View(Cais.Containers.Exec.ExecProcessConfig config) =>
        new(config.Entrypoint, [.. config.Arguments], config.User, config.Tty);

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + s_timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }

    private sealed record ExecProcessConfigView(string Entrypoint, string[] Arguments, string User, bool Tty)
    {
        public bool Equals(ExecProcessConfigView? other) =>
            other is not null && Entrypoint == other.Entrypoint && Arguments.SequenceEqual(other.Arguments) && User == other.User && Tty == other.Tty;

        public override int GetHashCode() => HashCode.Combine(Entrypoint, User, Tty);
    }
}
