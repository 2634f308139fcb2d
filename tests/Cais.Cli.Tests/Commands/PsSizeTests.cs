using Cais.Api;
using Cais.Cli.Tests.Fakes;

namespace Cais.Cli.Tests.Commands;

/// <summary>
/// <c>ps --size</c>: sizes are asked of the engine only when shown, and printed as the docker CLI prints them
/// (figures from dockerd 20.10 with the docker CLI 28: a 12345-byte file, a hard link to it and "hi\n").
/// </summary>
public sealed class PsSizeTests
{
    private readonly FakeEngine _engine = new();

    public PsSizeTests()
    {
        var created = DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeSeconds();
        _engine.Containers.Summaries =
        [
            Summary("3edb1f6dd30c7104889fff1bc2c25e6ab1e523d0db6c261f34bba833fce39ff0", "wrote", created) with { SizeRw = 12348, SizeRootFs = 1995087 },
            Summary("360ed1c086dbbff0ace252ec2510c6abcfa9d47b6615c1537583a5f57ff8dff9", "nothing", created) with { SizeRw = 0, SizeRootFs = 1982739 },
        ];
    }

    [Fact]
    public async Task Size_adds_dockers_SIZE_column_last()
    {
        var run = await CliRun.RunAsync(_engine, "ps", "-s");

        Assert.Equal(["ListAsync(size: True)"], _engine.Log.Calls);
        Assert.Equal(0, run.ExitCode);
        ExpectedOutput.Matches("ps-size.txt", run.Out);
    }

    [Fact]
    public async Task Without_size_nothing_is_measured_and_there_is_no_SIZE_column()
    {
        var run = await CliRun.RunAsync(_engine, "ps");

        Assert.Equal(["ListAsync(size: False)"], _engine.Log.Calls);
        Assert.DoesNotContain("SIZE", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_template_that_uses_Size_asks_for_sizes_as_the_docker_CLI_does()
    {
        var run = await CliRun.RunAsync(_engine, "ps", "--format", "{{.Size}}|{{.Names}}");

        Assert.Equal(["ListAsync(size: True)"], _engine.Log.Calls);
        Assert.Equal(new CliRun(0, "12.3kB (virtual 2MB)|wrote\n0B (virtual 1.98MB)|nothing\n", ""), run);
    }

    [Fact]
    public async Task Size_false_wins_over_the_template()
    {
        var run = await CliRun.RunAsync(_engine, "ps", "--size=false", "--format", "{{.Size}}");

        Assert.Equal(["ListAsync(size: False)"], _engine.Log.Calls);
        Assert.Equal("0B\n0B\n", run.Out);
    }

    [Fact]
    public async Task Json_carries_Size_only_with_size()
    {
        var plain = await CliRun.RunAsync(_engine, "ps", "--format", "json");
        var sized = await CliRun.RunAsync(_engine, "ps", "-s", "--no-trunc", "--format", "json");

        Assert.Equal(["ListAsync(size: False)", "ListAsync(size: True)"], _engine.Log.Calls);
        Assert.Contains("\"Size\":\"12.3kB (virtual 2MB)\"", sized.Out, StringComparison.Ordinal);
        Assert.Contains("\"Size\":\"0B (virtual 1.98MB)\"", sized.Out, StringComparison.Ordinal);
        Assert.Contains("\"ID\":\"3edb1f6dd30c7104889fff1bc2c25e6ab1e523d0db6c261f34bba833fce39ff0\"", sized.Out, StringComparison.Ordinal);
        Assert.Contains("\"Size\":\"0B\"", plain.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quiet_prints_ids_without_measuring()
    {
        var run = await CliRun.RunAsync(_engine, "ps", "-s", "-q");

        Assert.Equal(["ListAsync(size: False)"], _engine.Log.Calls);
        Assert.Equal("3edb1f6dd30c\n360ed1c086db\n", run.Out);
    }

    [Fact]
    public async Task Inspect_size_asks_for_SizeRw_and_SizeRootFs_which_are_absent_otherwise()
    {
        var sized = await CliRun.RunAsync(_engine, "inspect", "-s", "-f", "{{.SizeRw}} {{.SizeRootFs}}", "a");
        var plain = await CliRun.RunAsync(_engine, "container", "inspect", "a");
        var container = await CliRun.RunAsync(_engine, "container", "inspect", "--size", "a");

        Assert.Equal(["InspectAsync(a, size: True)", "InspectAsync(a, size: False)", "InspectAsync(a, size: True)"], _engine.Log.Calls);
        Assert.Equal(new CliRun(0, "12348 1995087\n", ""), sized);
        Assert.DoesNotContain("Size", plain.Out, StringComparison.Ordinal);
        Assert.Contains("\"SizeRw\": 12348,\n        \"SizeRootFs\": 1995087,", container.Out, StringComparison.Ordinal);
    }

    private static ContainerSummary Summary(string id, string name, long created) => new()
    {
        Id = id,
        Names = ["/" + name],
        Image = "busybox",
        Command = "true",
        Created = created,
        State = "exited",
        Status = "Exited (0) 3 hours ago",
        HostConfig = new ContainerSummaryHostConfig { NetworkMode = "none" },
    };
}
