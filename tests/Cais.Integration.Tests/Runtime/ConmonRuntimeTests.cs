using System.Text;
using Cais.Common;
using Cais.Linux;
using Cais.Runtime;

namespace Cais.Integration.Tests.Runtime;

public sealed class ConmonRuntimeTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private RuntimeTestBed _bed = null!;

    private ConmonRuntime Runtime => _bed.Runtime;

    public Task InitializeAsync()
    {
        _bed = new RuntimeTestBed();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Attached_run_separates_stdout_and_stderr_and_records_exit_zero()
    {
        var launch = _bed.NewContainer(["sh", "-c", "echo hello; echo oops >&2"]);
        var (exit, stdout, stderr) = await RunAttachedAsync(launch, stdin: null);

        Assert.Equal(0, exit.ExitCode);
        Assert.False(exit.MonitorLost);
        Assert.Equal("hello\n", stdout);
        Assert.Equal("oops\n", stderr);

        // conmon also keeps the output in the k8s-file log: "<RFC3339Nano> stdout F hello".
        var log = await File.ReadAllLinesAsync(launch.LogPath);
        Assert.Contains(log, l => l.EndsWith(" stdout F hello", StringComparison.Ordinal));
        Assert.Contains(log, l => l.EndsWith(" stderr F oops", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exit_code_is_recorded_in_the_exit_file()
    {
        var launch = _bed.NewContainer(["sh", "-c", "exit 3"]);
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        var (exit, _, _) = await RunAttachedAsync(launch, stdin: null);

        Assert.Equal(3, exit.ExitCode);
        var recorded = ConmonRuntime.ReadExit(launch.ExitDir, launch.Id);
        Assert.NotNull(recorded);
        Assert.Equal(3, recorded.ExitCode);
        Assert.True(recorded.ExitedAt >= before && recorded.ExitedAt <= DateTimeOffset.UtcNow.AddSeconds(2), $"exit time {recorded.ExitedAt:O}");
        var state = await Runtime.StateAsync(launch.Id, CancellationToken.None);
        Assert.Equal(RuntimeStatus.Stopped, state?.Status);
    }

    [Fact]
    public async Task Exit_command_runs_after_the_container_exits()
    {
        var marker = Path.Combine(_bed.Root, "exit-command-ran");
        var launch = _bed.NewContainer(["sh", "-c", "exit 2"]) with { ExitCommand = ["/bin/sh", "-c", "echo \"$0\" > " + marker, "arg-passed"] };
        var (exit, _, _) = await RunAttachedAsync(launch, stdin: null);

        Assert.Equal(2, exit.ExitCode);
        Assert.True(await RuntimeTestBed.EventuallyAsync(() => File.Exists(marker) && File.ReadAllText(marker) == "arg-passed\n", TimeSpan.FromSeconds(10)), "exit command did not run");
    }

    [Fact]
    public async Task Stdin_reaches_the_container_and_its_end_closes_the_container_stdin()
    {
        // `cat` only ends when conmon closes the container's stdin after our half-close.
        var launch = _bed.NewContainer(["sh", "-c", "read x; echo got $x; cat; echo done"], stdin: true);
        var (exit, stdout, _) = await RunAttachedAsync(launch, new MemoryStream(Encoding.UTF8.GetBytes("world\nmore\n")));

        Assert.Equal(0, exit.ExitCode);
        Assert.Equal("got world\nmore\ndone\n", stdout);
    }

    [Fact]
    public async Task Detached_container_is_a_child_of_conmon_and_sigkill_records_137()
    {
        var launch = _bed.NewContainer(["sleep", "100"]);
        var pid = await Runtime.CreateAsync(launch, CancellationToken.None);
        await Runtime.StartAsync(launch.Id, CancellationToken.None);

        var conmon = ConmonRuntime.ReadConmonPid(launch.RunDir);
        Assert.NotNull(conmon);
        Assert.Equal(conmon.Value, RuntimeTestBed.ParentPid(pid));
        Assert.NotEqual(Environment.ProcessId, RuntimeTestBed.ParentPid(conmon.Value));
        var state = await Runtime.StateAsync(launch.Id, CancellationToken.None);
        Assert.Equal(RuntimeStatus.Running, state?.Status);
        Assert.Equal(pid, state?.Pid);
        Assert.Null(ConmonRuntime.ReadExit(launch.ExitDir, launch.Id));

        await Runtime.KillAsync(launch.Id, 9, all: false, CancellationToken.None);
        var exit = await Runtime.WaitExitAsync(launch.ExitDir, launch.Id, conmon, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(137, exit.ExitCode);
        Assert.False(exit.MonitorLost);
    }

    [Fact]
    public async Task Missing_command_fails_create_with_127_and_leaves_nothing_behind()
    {
        var launch = _bed.NewContainer(["nosuchcommand"]);
        var error = await Assert.ThrowsAsync<EngineException>(() => Runtime.CreateAsync(launch, CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal(127, CommandLaunchException.ExitCodeOf(error));
        Assert.Contains("nosuchcommand", error.Message, StringComparison.Ordinal);
        await AssertNothingLeftAsync(launch);
    }

    [Fact]
    public async Task Non_executable_command_fails_create_with_126()
    {
        var launch = _bed.NewContainer(["/etc/passwd"]);
        var error = await Assert.ThrowsAsync<EngineException>(() => Runtime.CreateAsync(launch, CancellationToken.None));

        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
        Assert.Equal(126, CommandLaunchException.ExitCodeOf(error));
        await AssertNothingLeftAsync(launch);
    }

    [Fact]
    public async Task Force_delete_removes_runc_state_and_conmon_and_is_idempotent()
    {
        var launch = _bed.NewContainer(["sleep", "100"]);
        await Runtime.CreateAsync(launch, CancellationToken.None);
        await Runtime.StartAsync(launch.Id, CancellationToken.None);
        Assert.True(Directory.Exists(Path.Combine(Runtime.Options.RuntimeRoot, launch.Id)));

        await Runtime.DeleteAsync(launch.Id, force: true, CancellationToken.None);

        await AssertNothingLeftAsync(launch);
        await Runtime.DeleteAsync(launch.Id, force: false, CancellationToken.None);
        await Runtime.DeleteAsync("never-existed", force: true, CancellationToken.None);
    }

    [Fact]
    public async Task Kill_of_unknown_container_is_not_found()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => Runtime.KillAsync("never-existed", 15, all: false, CancellationToken.None));
        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Null(await Runtime.StateAsync("never-existed", CancellationToken.None));
    }

    [Fact]
    public async Task Terminal_container_gets_a_tty_and_can_be_resized()
    {
        var launch = _bed.NewContainer(["sh", "-c", "test -t 0 && echo tty; sleep 0.5; stty size"], terminal: true);
        await Runtime.CreateAsync(launch, CancellationToken.None);
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        await using var session = await Runtime.AttachAsync(launch.BundleDir, null, stdout, stderr, CancellationToken.None);
        await session.ResizeAsync(40, 100, CancellationToken.None);
        await Runtime.StartAsync(launch.Id, CancellationToken.None);

        var exit = await Runtime.WaitExitAsync(launch.ExitDir, launch.Id, ConmonRuntime.ReadConmonPid(launch.RunDir), CancellationToken.None).WaitAsync(Timeout);
        await session.Completion.WaitAsync(Timeout);

        Assert.Equal(0, exit.ExitCode);
        var text = Encoding.UTF8.GetString(stdout.ToArray());
        Assert.Equal("tty\r\n40 100\r\n", text);
        Assert.Equal(0, stderr.Length);
    }

    [Fact]
    public async Task Container_inherits_no_engine_file_descriptors()
    {
        var launch = _bed.NewContainer(["ls", "/proc/self/fd"], stdin: true);
        var (exit, stdout, _) = await RunAttachedAsync(launch, new MemoryStream());

        Assert.Equal(0, exit.ExitCode);

        // 0-2 plus the directory ls itself opened to list.
        Assert.Equal(["0", "1", "2", "3"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Container_process_starts_with_sigpipe_at_its_default()
    {
        var launch = _bed.NewContainer(["cat", "/proc/self/status"]);
        var (exit, stdout, _) = await RunAttachedAsync(launch, stdin: null);

        Assert.Equal(0, exit.ExitCode);
        var sigIgn = stdout.Split('\n').Single(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        var ignored = ulong.Parse(sigIgn[7..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0UL, ignored & (1UL << (13 - 1)));
    }

    [Fact]
    public async Task Attach_works_for_bundles_deeper_than_a_socket_path()
    {
        var deep = Path.Combine(_bed.Root, new string('d', 60), new string('e', 60));
        var launch = _bed.NewContainer(["echo", "deep"], bundleParent: deep);
        Assert.True(Path.Combine(launch.BundleDir, "attach").Length > 108);

        var (exit, stdout, _) = await RunAttachedAsync(launch, stdin: null);

        Assert.Equal(0, exit.ExitCode);
        Assert.Equal("deep\n", stdout);
    }

    [Fact]
    public async Task Wait_ends_when_conmon_dies_without_an_exit_file()
    {
        var launch = _bed.NewContainer(["sleep", "100"]);
        await Runtime.CreateAsync(launch, CancellationToken.None);
        await Runtime.StartAsync(launch.Id, CancellationToken.None);
        var conmon = ConmonRuntime.ReadConmonPid(launch.RunDir);
        Assert.NotNull(conmon);

        var wait = Runtime.WaitExitAsync(launch.ExitDir, launch.Id, conmon, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(wait.IsCompleted);
        NativeProcess.Kill(conmon.Value, 9);

        var exit = await wait.WaitAsync(Timeout);
        Assert.True(exit.MonitorLost);
    }

    [Fact]
    public async Task Exec_returns_the_exit_code_and_separated_output()
    {
        var launch = await StartSleeperAsync();
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();

        var code = await Runtime.ExecAsync(
            new ExecLaunch { ContainerId = launch.Id, Process = RuntimeTestBed.Process(false, "sh", "-c", "echo out; echo err >&2; exit 5") },
            null,
            stdout,
            stderr,
            CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(5, code);
        Assert.Equal("out\n", Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal("err\n", Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [Fact]
    public async Task Exec_passes_stdin_until_it_ends()
    {
        var launch = await StartSleeperAsync();
        var stdout = new MemoryStream();

        var code = await Runtime.ExecAsync(
            new ExecLaunch { ContainerId = launch.Id, Process = RuntimeTestBed.Process(false, "cat") },
            new MemoryStream(Encoding.UTF8.GetBytes("piped\n")),
            stdout,
            new MemoryStream(),
            CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(0, code);
        Assert.Equal("piped\n", Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Fact]
    public async Task Exec_of_missing_or_non_executable_command_returns_127_or_126()
    {
        var launch = await StartSleeperAsync();
        var stderr = new MemoryStream();

        var notFound = await Runtime.ExecAsync(
            new ExecLaunch { ContainerId = launch.Id, Process = RuntimeTestBed.Process(false, "nosuchcommand") },
            null,
            new MemoryStream(),
            stderr,
            CancellationToken.None).WaitAsync(Timeout);
        var denied = await Runtime.ExecAsync(
            new ExecLaunch { ContainerId = launch.Id, Process = RuntimeTestBed.Process(false, "/etc/passwd") },
            null,
            new MemoryStream(),
            new MemoryStream(),
            CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(127, notFound);
        Assert.Contains("nosuchcommand", Encoding.UTF8.GetString(stderr.ToArray()), StringComparison.Ordinal);
        Assert.Equal(126, denied);
    }

    [Fact]
    public async Task Exec_with_terminal_gets_a_tty_and_its_exit_code()
    {
        var launch = await StartSleeperAsync();
        var stdout = new MemoryStream();

        var code = await Runtime.ExecAsync(
            new ExecLaunch { ContainerId = launch.Id, Process = RuntimeTestBed.Process(true, "sh", "-c", "test -t 0 && echo tty; exit 4"), Terminal = true },
            null,
            stdout,
            new MemoryStream(),
            CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(4, code);
        Assert.Equal("tty\r\n", Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Fact]
    public async Task Detached_exec_returns_at_once_and_the_process_runs()
    {
        var launch = await StartSleeperAsync();

        var code = await Runtime.ExecAsync(
            new ExecLaunch { ContainerId = launch.Id, Process = RuntimeTestBed.Process(false, "sh", "-c", "echo ran > /ran"), Detach = true },
            null,
            new MemoryStream(),
            new MemoryStream(),
            CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(0, code);
        Assert.True(await RuntimeTestBed.EventuallyAsync(() => File.Exists(Path.Combine(launch.BundleDir, "rootfs", "ran")), TimeSpan.FromSeconds(10)));
    }

    private async Task<Cais.Runtime.ContainerLaunch> StartSleeperAsync()
    {
        var launch = _bed.NewContainer(["sleep", "100"]);
        await Runtime.CreateAsync(launch, CancellationToken.None);
        await Runtime.StartAsync(launch.Id, CancellationToken.None);
        return launch;
    }

    private async Task<(ContainerExit Exit, string Stdout, string Stderr)> RunAttachedAsync(Cais.Runtime.ContainerLaunch launch, Stream? stdin)
    {
        await Runtime.CreateAsync(launch, CancellationToken.None);
        var conmon = ConmonRuntime.ReadConmonPid(launch.RunDir);
        Assert.NotNull(conmon);
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        await using (var session = await Runtime.AttachAsync(launch.BundleDir, stdin, stdout, stderr, CancellationToken.None))
        {
            await Runtime.StartAsync(launch.Id, CancellationToken.None);
            var exit = await Runtime.WaitExitAsync(launch.ExitDir, launch.Id, conmon, CancellationToken.None).WaitAsync(Timeout);
            await session.Completion.WaitAsync(Timeout);
            return (exit, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
        }
    }

    private async Task AssertNothingLeftAsync(Cais.Runtime.ContainerLaunch launch)
    {
        Assert.Null(await Runtime.StateAsync(launch.Id, CancellationToken.None));
        Assert.False(Directory.Exists(Path.Combine(Runtime.Options.RuntimeRoot, launch.Id)), "runc state directory left behind");
        var conmon = ConmonRuntime.ReadConmonPid(launch.RunDir);
        if (conmon is { } pid)
        {
            Assert.True(await RuntimeTestBed.EventuallyAsync(() => !NativeProcess.IsRunning(pid), TimeSpan.FromSeconds(10)), $"conmon {pid} still running");
        }
    }
}
