using Cais.Cli.Tests.Fakes;

namespace Cais.Cli.Tests.Commands;

/// <summary>
/// Errors the docker CLI raises itself, before it calls the daemon, carry no "Error response from daemon: " (checked
/// against the docker CLI 28.2.2): run and create print them after "cais: " with Docker's "Run '… --help'" line and
/// exit 125; <c>-it</c> without a terminal is refused before anything is created, exit 1.
/// </summary>
public sealed class ClientErrorTests
{
    private readonly FakeEngine _engine = new();

    public ClientErrorTests() => _engine.Images.Local["busybox"] = Records.Image("sha256:" + new string('a', 64));

    [Theory]
    [InlineData("run", "-p", "abc", "invalid containerPort: abc")]
    [InlineData("run", "-p", "99999:80", "invalid hostPort: 99999")]
    [InlineData("run", "-p", "80:80/xyz", "invalid proto: xyz")]
    [InlineData("run", "-v", ":/x", "invalid spec: :/x: empty section between colons")]
    [InlineData("create", "-p", "abc", "invalid containerPort: abc")]
    [InlineData("create", "--env-file", "/nonexistent/env", "open /nonexistent/env: no such file or directory")]
    public async Task A_bad_flag_value_is_the_clients_error_with_dockers_help_line(string verb, string flag, string value, string message)
    {
        var run = await CliRun.RunAsync(_engine, verb, flag, value, "busybox");

        Assert.Equal(new CliRun(125, "", $"cais: {message}\n\nRun 'cais {verb} --help' for more information\n"), run);
        Assert.Empty(_engine.Log.Calls);
    }

    [Fact]
    public async Task A_bad_image_reference_at_run_is_the_clients_error()
    {
        var run = await CliRun.RunAsync(_engine, "run", "BAD:Image");

        Assert.Equal(new CliRun(125, "", "cais: invalid reference format: repository name (library/BAD) must be lowercase\n\nRun 'cais run --help' for more information\n"), run);
    }

    [Fact]
    public async Task A_bad_image_reference_at_pull_is_printed_bare_exit_1()
    {
        var run = await CliRun.RunAsync(_engine, "pull", "Bad");

        Assert.Equal(new CliRun(1, "", "invalid reference format: repository name (library/Bad) must be lowercase\n"), run);
    }

    [Theory]
    [InlineData("-it")]
    [InlineData("-ti")]
    public async Task Run_it_without_a_terminal_fails_at_once_and_creates_nothing(string flags)
    {
        var run = await CliRun.RunAsync(_engine, "run", flags, "busybox", "sh");

        Assert.Equal(new CliRun(1, "", "the input device is not a TTY\n"), run);
        Assert.Empty(_engine.Log.Calls);
    }

    [Fact]
    public async Task Exec_it_without_a_terminal_reports_a_missing_container_first()
    {
        _engine.Log.Failures["nosuch"] = Cais.Common.EngineException.NotFound("No such container: nosuch");

        var missing = await CliRun.RunAsync(_engine, "exec", "-it", "nosuch", "sh");
        var present = await CliRun.RunAsync(_engine, "exec", "-it", "web", "sh");

        Assert.Equal(new CliRun(1, "", "Error response from daemon: No such container: nosuch\n"), missing);
        Assert.Equal(new CliRun(1, "", "the input device is not a TTY\n"), present);
    }
}
