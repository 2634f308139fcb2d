using Cais.Cli.Tests.Fakes;
using Cais.Common;

namespace Cais.Cli.Tests.Commands;

/// <summary>
/// What each verb prints and returns for objects that do not exist, as the docker CLI 28.2.2 does (checked against a
/// real dockerd): the daemon's error per missing target after "Error response from daemon: ", the other targets
/// done, exit 1; but <c>rm -f</c> and <c>rmi -f</c> exit 0, <c>network rm -f</c> says nothing, and the generic
/// <c>inspect</c> prints the client's own "Error: No such object".
/// </summary>
public sealed class MissingObjectTests
{
    private const string NoContainer = "Error response from daemon: No such container: nosuch\n";

    private readonly FakeEngine _engine = new();

    public MissingObjectTests()
    {
        foreach (var name in new[] { "nosuch", "nosuch2" })
        {
            _engine.Log.Failures[name] = EngineException.NotFound($"No such container: {name}");
        }
    }

    public static TheoryData<string[], int, string, string> Table => new()
    {
        { ["rm", "nosuch"], 1, "", NoContainer },
        { ["rm", "-f", "nosuch"], 0, "", NoContainer },
        { ["rm", "nosuch", "exists", "nosuch2"], 1, "exists\n", NoContainer + NoContainer.Replace("nosuch", "nosuch2", StringComparison.Ordinal) },
        { ["rm", "-f", "nosuch", "exists", "nosuch2"], 0, "exists\n", NoContainer + NoContainer.Replace("nosuch", "nosuch2", StringComparison.Ordinal) },
        { ["stop", "nosuch"], 1, "", NoContainer },
        { ["stop", "nosuch", "exists"], 1, "exists\n", NoContainer },
        { ["kill", "nosuch"], 1, "", NoContainer },
        { ["wait", "nosuch"], 1, "", NoContainer },
        { ["start", "nosuch"], 1, "", NoContainer + "Error: failed to start containers: nosuch\n" },
        { ["start", "nosuch", "exists", "nosuch2"], 1, "exists\n", NoContainer + NoContainer.Replace("nosuch", "nosuch2", StringComparison.Ordinal) + "Error: failed to start containers: nosuch, nosuch2\n" },
        { ["logs", "nosuch"], 1, "", NoContainer },
        { ["port", "nosuch"], 1, "", NoContainer },
        { ["inspect", "nosuch"], 1, "[]\n", "Error: No such object: nosuch\n" },
        { ["inspect", "nosuch", "nosuch2"], 1, "[]\n", "Error: No such object: nosuch\nError: No such object: nosuch2\n" },
        { ["container", "inspect", "nosuch"], 1, "[]\n", NoContainer },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task A_missing_container_is_reported_as_docker_does(string[] args, int exitCode, string stdout, string stderr)
    {
        var run = await CliRun.RunAsync(_engine, args);

        Assert.Equal(new CliRun(exitCode, stdout, stderr), run);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 0)]
    public async Task Rmi_of_a_missing_image_fails_only_without_force(bool force, int exitCode)
    {
        _engine.Log.Failures["gone"] = EngineException.NotFound("No such image: gone:latest");

        var run = await CliRun.RunAsync(_engine, force ? ["rmi", "-f", "gone", "busybox"] : ["rmi", "gone", "busybox"]);

        Assert.Equal(new CliRun(exitCode, "Untagged: busybox\n", "Error response from daemon: No such image: gone:latest\n"), run);
    }

    [Fact]
    public async Task Rmi_force_still_fails_on_an_error_other_than_missing()
    {
        _engine.Log.Failures["used"] = EngineException.Conflict("conflict: unable to remove repository reference \"used\"");

        var run = await CliRun.RunAsync(_engine, "rmi", "-f", "used");

        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task Network_rm_ends_its_failures_with_dockers_exit_status_line()
    {
        _engine.Log.Failures["gone"] = EngineException.NotFound("network gone not found");

        var run = await CliRun.RunAsync(_engine, "network", "rm", "gone", "net1");

        Assert.Equal(new CliRun(1, "net1\n", "Error response from daemon: network gone not found\nexit status 1\n"), run);
    }

    [Fact]
    public async Task Network_rm_force_ignores_a_missing_network_silently()
    {
        _engine.Log.Failures["gone"] = EngineException.NotFound("network gone not found");

        var run = await CliRun.RunAsync(_engine, "network", "rm", "-f", "gone", "net1");

        Assert.Equal(new CliRun(0, "net1\n", ""), run);
    }

    [Fact]
    public async Task Image_inspect_prints_the_engines_not_found_message()
    {
        _engine.Log.Failures["gone"] = EngineException.NotFound("No such image: gone:latest");

        var run = await CliRun.RunAsync(_engine, "image", "inspect", "gone");

        Assert.Equal(new CliRun(1, "[]\n", "Error response from daemon: No such image: gone:latest\n"), run);
    }
}
