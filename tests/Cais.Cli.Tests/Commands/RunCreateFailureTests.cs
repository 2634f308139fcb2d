using Cais.Cli.Tests.Fakes;
using Cais.Common;
using Cais.Runtime;

namespace Cais.Cli.Tests.Commands;

/// <summary>run and create fail as Docker's do: "cais: " before the error, exit 125, or 126/127 when run cannot launch the command.</summary>
public sealed class RunCreateFailureTests
{
    private const string ContainerId = "c0ffee0000000000000000000000000000000000000000000000000000000000";

    private readonly FakeEngine _engine = new();

    public RunCreateFailureTests() => _engine.Images.Local["busybox"] = Records.Image("sha256:" + new string('a', 64));

    [Fact]
    public async Task Create_prints_the_new_id()
    {
        var run = await CliRun.RunAsync(_engine, "create", "--name", "web", "busybox", "echo", "hi");

        Assert.Equal(new CliRun(0, ContainerId + "\n", ""), run);
        Assert.Equal(("busybox", "web"), (_engine.Containers.Created!.Image, _engine.Containers.Created.Name));
    }

    [Fact]
    public async Task An_engine_error_at_create_exits_125()
    {
        _engine.Log.Failures["busybox"] = EngineException.Conflict("Conflict. The container name \"/web\" is already in use");

        var run = await CliRun.RunAsync(_engine, "create", "--name", "web", "busybox");

        Assert.Equal(new CliRun(125, "", "cais: Error response from daemon: Conflict. The container name \"/web\" is already in use\n"), run);
    }

    [Fact]
    public async Task A_missing_image_with_pull_never_exits_125()
    {
        var run = await CliRun.RunAsync(_engine, "run", "--pull", "never", "nosuch");

        Assert.Equal(new CliRun(125, "", "cais: Error response from daemon: No such image: nosuch:latest\n"), run);
        Assert.Empty(_engine.Log.Calls);
    }

    [Fact]
    public async Task An_invalid_pull_policy_exits_125()
    {
        var run = await CliRun.RunAsync(_engine, "run", "--pull", "sometimes", "busybox");

        Assert.Equal(new CliRun(125, "", "cais: invalid pull option: 'sometimes': must be one of \"always\", \"missing\" or \"never\"\n\nRun 'cais run --help' for more information\n"), run);
    }

    [Theory]
    [InlineData(127, "exec: \"nope\": executable file not found in $PATH")]
    [InlineData(126, "exec: \"/etc\": permission denied")]
    public async Task A_command_that_cannot_be_launched_exits_with_dockers_126_or_127(int code, string reason)
    {
        _engine.Log.Failures[ContainerId] = new EngineException(ErrorKind.FailedPrecondition, reason, new CommandLaunchException(code, reason));

        var run = await CliRun.RunAsync(_engine, "run", "-d", "busybox", "nope");

        Assert.Equal(new CliRun(code, "", $"cais: Error response from daemon: {reason}\n"), run);
    }

    [Fact]
    public async Task Run_rm_removes_the_container_when_start_fails()
    {
        _engine.Log.Failures[ContainerId] = EngineException.Invalid("bad");

        var run = await CliRun.RunAsync(_engine, "run", "--rm", "-d", "busybox");

        Assert.Equal([$"CreateAsync(busybox)", $"StartAsync({ContainerId})", $"RemoveAsync({ContainerId}, force: True)"], _engine.Log.Calls.Take(3));
        Assert.Equal(125, run.ExitCode);
    }

    [Fact]
    public async Task An_unexpected_failure_is_one_line_and_125()
    {
        _engine.Log.Failures[ContainerId] = new InvalidOperationException("boom\nsecond line");

        var run = await CliRun.RunAsync(_engine, "run", "-d", "busybox");

        Assert.Equal(new CliRun(125, "", "cais: Error: unexpected InvalidOperationException: boom second line\n"), run);
    }
}
