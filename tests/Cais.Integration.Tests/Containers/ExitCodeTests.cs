using Cais.TestSupport;

namespace Cais.Integration.Tests.Containers;

/// <summary>Docker's exit-code contract of `run`: the command's code, 126/127 when it cannot run, 125 for engine errors.</summary>
public sealed class ExitCodeTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => fixture.RemoveAllAsync();

    [Fact]
    public async Task Run_exits_with_the_command_exit_code()
    {
        var result = await fixture.RunAsync("run", "--rm", fixture.Image, "sh", "-c", "exit 3");

        Assert.Equal(3, result.ExitCode);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Command_not_found_exits_127_naming_it_and_rm_leaves_nothing()
    {
        var result = await fixture.RunAsync("run", "--rm", fixture.Image, "no-such-command-xyz");

        Assert.Equal(127, result.ExitCode);
        Assert.Contains("no-such-command-xyz", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("not found", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Command_not_found_without_rm_keeps_a_created_container_with_127()
    {
        var name = TestNames.For("notfound");
        var result = await fixture.RunAsync("run", "--name", name, fixture.Image, "no-such-command-xyz");

        Assert.Equal(127, result.ExitCode);
        Assert.Equal("created 127", await fixture.InspectAsync(name, "{{.State.Status}} {{.State.ExitCode}}"));
        Assert.Contains("no-such-command-xyz", await fixture.InspectAsync(name, "{{.State.Error}}"), StringComparison.Ordinal);
        Assert.Empty(fixture.Cais.Mounts());
        await fixture.OkAsync("rm", name);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Command_that_is_not_executable_exits_126()
    {
        var result = await fixture.RunAsync("run", "--rm", fixture.Image, "/etc/passwd");

        Assert.Equal(126, result.ExitCode);
        Assert.Contains("/etc/passwd", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("permission denied", result.Stderr, StringComparison.Ordinal);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Unknown_flag_is_an_engine_error_125()
    {
        var result = await fixture.RunAsync("run", "--rm", "--no-such-flag", fixture.Image, "true");

        Assert.Equal(125, result.ExitCode);
        Assert.Contains("unknown flag: --no-such-flag", result.Stderr, StringComparison.Ordinal);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Pull_never_with_a_missing_image_is_an_engine_error_125()
    {
        var missing = fixture.RegistryHost + "/" + TestNames.For("missing") + ":latest";
        var result = await fixture.RunAsync("run", "--rm", "--pull", "never", missing, "true");

        Assert.Equal(125, result.ExitCode);
        Assert.Contains("No such image", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(missing, result.Stderr, StringComparison.Ordinal);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Relative_working_directory_is_an_engine_error_125()
    {
        var result = await fixture.RunAsync("run", "--rm", "-w", "relative/dir", fixture.Image, "true");

        Assert.Equal(125, result.ExitCode);
        Assert.Contains("relative/dir", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("absolute", result.Stderr, StringComparison.Ordinal);
        await fixture.AssertNothingLeftAsync();
    }
}
