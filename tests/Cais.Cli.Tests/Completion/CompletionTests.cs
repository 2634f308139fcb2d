using Cais.Api;
using Cais.Cli.Tests.Fakes;

namespace Cais.Cli.Tests.Completion;

public sealed class CompletionTests
{
    private const string RunningId = "aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111";
    private const string StoppedId = "bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222";

    private readonly FakeEngine _engine = new();

    public CompletionTests()
    {
        _engine.Containers.Names.AddRange([(RunningId, "web", true), (StoppedId, "old", false)]);
        _engine.Images.Local["busybox:latest"] = Records.Image("sha256:cccccccccccc3333");
        _engine.Images.Local["sha256:cccccccccccc3333"] = _engine.Images.Local["busybox:latest"];
        _engine.Networks.Listed.Add(Records.Network("dddd", "backend"));
    }

    private async Task<string[]> CompleteAsync(params string[] words)
    {
        var run = await CliRun.RunAsync(_engine, ["__completeNoDesc", "--", .. words]);
        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        return run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Commands_come_from_the_command_tree_sorted_and_without_hidden_ones()
    {
        var lines = await CompleteAsync("");

        Assert.Contains("run", lines);
        Assert.Contains("network", lines);
        Assert.Contains("completion", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("__complete", StringComparison.Ordinal) || l == "system");
        Assert.Equal(":4", lines[^1]);
        Assert.Equal(lines[..^1].Order(StringComparer.Ordinal), lines[..^1]);
    }

    [Fact]
    public async Task Subcommands_and_flags_are_filtered_by_the_partial_word()
    {
        Assert.Equal(["connect", "create", ":4"], await CompleteAsync("network", "c"));
        Assert.Equal(["--network", "--network-alias", ":4"], await CompleteAsync("run", "--netw"));
        Assert.Equal(["--time", ":4"], await CompleteAsync("stop", "--ti"));
        Assert.Contains("-t", await CompleteAsync("stop", "-"));
    }

    [Fact]
    public async Task Descriptions_follow_a_tab_with_complete()
    {
        var run = await CliRun.RunAsync(_engine, "__complete", "--", "network", "cr");

        Assert.Equal("create\tCreate a network\n:4\n", run.Out);
    }

    [Fact]
    public async Task Stop_kill_and_exec_offer_running_containers()
    {
        Assert.Equal(["web", ":4"], await CompleteAsync("stop", ""));
        Assert.Equal(["web", ":4"], await CompleteAsync("kill", "-s", "KILL", ""));
        Assert.Equal(["web", ":4"], await CompleteAsync("exec", "-it", ""));
    }

    [Fact]
    public async Task Rm_start_logs_and_inspect_offer_every_container_and_ids_once_typed()
    {
        Assert.Equal(["web", "old", ":4"], await CompleteAsync("rm", "-f", ""));
        Assert.Equal(["web", "old", ":4"], await CompleteAsync("container", "start", ""));
        Assert.Equal(["old", ":4"], await CompleteAsync("logs", "o"));
        Assert.Equal(["bbbbbbbbbbbb", ":4"], await CompleteAsync("container", "inspect", "b"));
    }

    [Fact]
    public async Task Run_create_and_rmi_offer_image_references()
    {
        Assert.Equal(["busybox:latest", ":4"], await CompleteAsync("run", "--rm", ""));
        Assert.Equal(["busybox:latest", ":4"], await CompleteAsync("image", "inspect", "bu"));
        Assert.Equal(["cccccccccccc", ":4"], await CompleteAsync("rmi", "c"));
    }

    [Fact]
    public async Task After_the_image_run_leaves_the_command_to_the_shell()
    {
        Assert.Equal([":0"], await CompleteAsync("run", "busybox:latest", ""));
    }

    [Fact]
    public async Task Network_commands_and_network_flags_offer_network_names()
    {
        Assert.Equal(["bridge", "host", "none", "backend", ":4"], await CompleteAsync("network", "rm", ""));
        Assert.Equal(["bridge", "backend", ":4"], await CompleteAsync("network", "connect", "b"));
        Assert.Equal(["web", "old", ":4"], await CompleteAsync("network", "connect", "backend", ""));
        Assert.Equal(["backend", ":4"], await CompleteAsync("run", "--network", "ba"));
        Assert.Equal(["--network=backend", ":4"], await CompleteAsync("create", "--network=ba"));
    }

    [Fact]
    public async Task Flag_values_with_fixed_words_and_files_otherwise()
    {
        Assert.Equal(["missing", ":4"], await CompleteAsync("run", "--pull", "m"));
        Assert.Equal([":0"], await CompleteAsync("run", "--env-file", ""));
    }

    [Fact]
    public async Task Without_a_state_nothing_is_listed_and_nothing_is_opened()
    {
        _engine.System.HasState = false;

        Assert.Equal([":4"], await CompleteAsync("rm", ""));
        Assert.Equal(["bridge", "host", "none", ":4"], await CompleteAsync("network", "inspect", ""));
        Assert.Equal(["StateExists()", "StateExists()"], _engine.Log.Calls);
    }

    [Fact]
    public async Task Volume_names_are_ready_and_empty()
    {
        Assert.Equal([":4"], await CompleteAsync("inspect", "--type", "volume", "zz"));
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _cais_complete cais")]
    [InlineData("zsh", "#compdef cais")]
    [InlineData("fish", "complete -c cais -f -a '(__cais_complete)'")]
    public async Task Completion_prints_the_shells_script(string shell, string line)
    {
        var run = await CliRun.RunAsync(_engine, "completion", shell);

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        Assert.Contains(line + "\n", run.Out, StringComparison.Ordinal);
        Assert.Empty(_engine.Log.Calls);
    }

    [Fact]
    public async Task Completion_of_an_unknown_shell_fails_as_an_unknown_command()
    {
        var run = await CliRun.RunAsync(_engine, "completion", "tcsh");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("cais: unknown command: cais completion tcsh", run.Error, StringComparison.Ordinal);
    }
}
