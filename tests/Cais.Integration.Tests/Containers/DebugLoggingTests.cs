using Cais.TestSupport;

namespace Cais.Integration.Tests.Containers;

/// <summary>
/// The modules' structured log lines reach stderr with -D (or --log-level), and a command without either prints
/// nothing there: Docker's and Podman's scripts read a command's stderr as its errors.
/// </summary>
public sealed class DebugLoggingTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => fixture.RemoveAllAsync();

    [Fact]
    public async Task Debug_run_prints_the_lifecycle_and_runtime_lines_on_stderr()
    {
        var result = await fixture.RunAsync("-D", "run", "--rm", "--network", "none", fixture.Image, "true");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Contains("level=debug msg=\"container ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(": starting\"", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("msg=\"runtime: conmon for ", result.Stderr, StringComparison.Ordinal);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task A_run_without_debug_prints_nothing_on_stderr()
    {
        var result = await fixture.RunAsync("run", "--rm", "--network", "none", fixture.Image, "true");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stderr);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Debug_pull_prints_its_registry_requests_and_a_plain_pull_prints_nothing()
    {
        var debug = await fixture.RunAsync("--debug", "pull", "-q", fixture.Image);
        var plain = await fixture.RunAsync("pull", "-q", fixture.Image);

        Assert.True(debug.ExitCode == 0, debug.ToString());
        Assert.Contains("level=debug msg=\"registry: GET http://" + fixture.RegistryHost + "/v2/", debug.Stderr, StringComparison.Ordinal);
        Assert.Contains("level=debug msg=\"pull ", debug.Stderr, StringComparison.Ordinal);
        Assert.Equal(plain.Stdout, debug.Stdout);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Equal("", plain.Stderr);
    }

    [Fact]
    public async Task Log_level_info_prints_the_pull_summary_without_debug_lines()
    {
        var result = await fixture.RunAsync("--log-level", "info", "pull", "-q", fixture.Image);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("level=info msg=\"pull ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("level=debug", result.Stderr, StringComparison.Ordinal);
    }
}
