using Cais.TestSupport;

namespace Cais.Integration.Tests.Containers;

/// <summary>`cais exec` into a running container, and its refusal for a stopped one.</summary>
public sealed class ExecTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    private readonly string _name = TestNames.For("exec");

    public async Task InitializeAsync() =>
        await fixture.OkAsync("run", "-d", "--name", _name, "-e", "FROM_RUN=run", "-w", "/root", fixture.Image, "sleep", "1000");

    public Task DisposeAsync() => fixture.RemoveAllAsync();

    [Fact]
    public async Task Exec_output_reaches_stdout_and_stderr()
    {
        var result = await fixture.RunAsync("exec", _name, "sh", "-c", "echo out; echo err >&2");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("out\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
        await RemoveAndAssertCleanAsync();
    }

    [Fact]
    public async Task Exec_exit_code_is_propagated()
    {
        Assert.Equal(5, (await fixture.RunAsync("exec", _name, "sh", "-c", "exit 5")).ExitCode);
        Assert.Equal(0, (await fixture.RunAsync("exec", _name, "true")).ExitCode);
        await RemoveAndAssertCleanAsync();
    }

    [Fact]
    public async Task Exec_inherits_the_container_settings_and_overrides_env_workdir_and_user()
    {
        Assert.Equal("run|/root|0", await fixture.OkAsync("exec", _name, "sh", "-c", "echo \"$FROM_RUN|$(pwd)|$(id -u)\""));
        Assert.Equal("run|exec", await fixture.OkAsync("exec", "-e", "FROM_EXEC=exec", _name, "sh", "-c", "echo \"$FROM_RUN|$FROM_EXEC\""));
        Assert.Equal("/tmp", await fixture.OkAsync("exec", "-w", "/tmp", _name, "pwd"));
        Assert.Equal("65534 65534", await fixture.OkAsync("exec", "-u", "nobody", _name, "sh", "-c", "echo \"$(id -u) $(id -g)\""));
        Assert.Equal("1000", await fixture.OkAsync("exec", "-u", "1000", _name, "id", "-u"));

        // The exec'd process is in the container: it sees the container's pid 1.
        Assert.Equal("sleep 1000", await fixture.OkAsync("exec", _name, "sh", "-c", "tr '\\0' ' ' < /proc/1/cmdline | sed 's/ $//'"));
        await RemoveAndAssertCleanAsync();
    }

    [Fact]
    public async Task Exec_interactive_passes_stdin()
    {
        var result = await fixture.RunWithStdinAsync("piped\n", "exec", "-i", _name, "cat");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("piped\n", result.Stdout);
        await RemoveAndAssertCleanAsync();
    }

    [Fact]
    public async Task Exec_of_a_missing_command_exits_127_naming_it()
    {
        var result = await fixture.RunAsync("exec", _name, "no-such-command-xyz");

        Assert.Equal(127, result.ExitCode);
        Assert.Contains("no-such-command-xyz", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("OCI runtime exec failed", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("running", await fixture.InspectAsync(_name, "{{.State.Status}}"));
        await RemoveAndAssertCleanAsync();
    }

    [Fact]
    public async Task Exec_into_a_stopped_container_fails_clearly()
    {
        await fixture.OkAsync("stop", "-t", "0", _name);

        var result = await fixture.RunAsync("exec", _name, "true");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("is not running", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
        await RemoveAndAssertCleanAsync();
    }

    [Fact]
    public async Task Exec_into_a_missing_container_fails_clearly()
    {
        var result = await fixture.RunAsync("exec", "no-such-container-xyz", "true");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("No such container: no-such-container-xyz", result.Stderr, StringComparison.Ordinal);
        await RemoveAndAssertCleanAsync();
    }

    private async Task RemoveAndAssertCleanAsync()
    {
        await fixture.OkAsync("rm", "-f", _name);
        await fixture.AssertNothingLeftAsync();
    }
}
