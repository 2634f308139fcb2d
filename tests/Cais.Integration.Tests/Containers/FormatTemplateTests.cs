using Cais.TestSupport;

namespace Cais.Integration.Tests.Containers;

/// <summary>
/// --format on a real container prints typed values as the docker CLI prints them (Go's struct, map and nil-slice
/// forms) and fails on a missing field with docker's words and exit code (expected texts taken from docker 28.2.2).
/// </summary>
public sealed class FormatTemplateTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => fixture.RemoveAllAsync();

    [Fact]
    public async Task Inspect_prints_typed_values_as_go_does()
    {
        var name = TestNames.For("format");
        await fixture.OkAsync("create", "--name", name, "--network", "none", "-l", "b=2", "-l", "a=1", fixture.Image, "sleep", "1000");

        Assert.Equal("{no 0}", await fixture.InspectAsync(name, "{{.HostConfig.RestartPolicy}}"));
        Assert.Equal("[]|null", await fixture.InspectAsync(name, "{{.Config.Entrypoint}}|{{json .Config.Entrypoint}}"));
        Assert.Equal("map[a:1 b:2]|1||<no value>", await fixture.InspectAsync(name, "{{.Config.Labels}}|{{.Config.Labels.a}}|{{index .Config.Labels \"zz\"}}|{{.Config.Labels.zz}}"));
        Assert.Equal("[1000]|false|0", await fixture.InspectAsync(name, "{{.Args}}|{{.State.Running}}|{{.State.Pid}}"));
        Assert.Equal("{\"Name\":\"no\",\"MaximumRetryCount\":0}", await fixture.InspectAsync(name, "{{json .HostConfig.RestartPolicy}}"));
    }

    [Fact]
    public async Task Inspect_of_a_missing_field_fails_like_docker()
    {
        var name = TestNames.For("format");
        await fixture.OkAsync("create", "--name", name, "--network", "none", fixture.Image, "true");

        var result = await fixture.RunAsync("inspect", "-f", "{{.Stat.Status}}", name);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("\n", result.Stdout);
        Assert.Equal("template parsing error: template: :1:7: executing \"\" at <.Stat.Status>: map has no entry for key \"Stat\"", result.Stderr.Trim());
    }

    [Fact]
    public async Task Ps_rows_have_docker_methods_and_fail_on_unknown_ones()
    {
        var name = TestNames.For("format");
        await fixture.OkAsync("create", "--name", name, "--network", "none", "-l", "a=1", fixture.Image, "true");

        Assert.Equal("1|", await fixture.OkAsync("ps", "-a", "--filter", "name=" + name, "--format", "{{.Label \"a\"}}|{{.Label \"zz\"}}"));
        var result = await fixture.RunAsync("ps", "-a", "--format", "{{.Nmes}}");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal("failed to execute template: template: :1:2: executing \"\" at <.Nmes>: can't evaluate field Nmes in type *formatter.ContainerContext", result.Stderr.Trim());
    }
}
