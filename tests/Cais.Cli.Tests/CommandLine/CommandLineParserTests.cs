using Cais.Cli.CommandLine;
using Cais.Cli.Commands;
using Cais.Cli.Tests.Fakes;

namespace Cais.Cli.Tests.CommandLine;

/// <summary>Docker's command-line syntax over the real command tree, and Docker's words and exit codes for mistakes.</summary>
public sealed class CommandLineParserTests
{
    private static readonly CommandSpec s_tree = CommandTree.Build();

    private static ParsedCommand Parse(params string[] args)
    {
        var outcome = CommandLineParser.Parse(s_tree, args);
        Assert.True(outcome.Kind == ParseOutcomeKind.Run, outcome.ErrorText);
        return outcome.Command!;
    }

    [Fact]
    public void Options_stop_at_the_image_so_the_command_keeps_its_own_flags()
    {
        var parsed = Parse("run", "-d", "--name", "web", "-e", "A=1", "--env=B=2", "busybox", "echo", "-d", "--name");

        Assert.Equal(["cais", "run"], parsed.CommandPath);
        Assert.True(parsed.GetBool("detach"));
        Assert.Equal("web", parsed.GetString("name"));
        Assert.Equal(["A=1", "B=2"], parsed.GetList("env"));
        Assert.Equal(["busybox", "echo", "-d", "--name"], parsed.Positionals);
    }

    [Fact]
    public void Short_flags_combine_and_take_attached_values()
    {
        var parsed = Parse("run", "-it", "-p8080:80", "-v/a:/b", "busybox");

        Assert.True(parsed.GetBool("interactive"));
        Assert.True(parsed.GetBool("tty"));
        Assert.Equal(["8080:80"], parsed.GetList("publish"));
        Assert.Equal(["/a:/b"], parsed.GetList("volume"));
    }

    [Fact]
    public void Global_options_come_before_the_command_and_groups_resolve_to_their_verb()
    {
        var parsed = Parse("--root", "/tmp/r", "container", "stop", "-t", "3", "a", "b");

        Assert.Equal(["cais", "container", "stop"], parsed.CommandPath);
        Assert.Equal("/tmp/r", parsed.GetString(GlobalOptions.Root));
        Assert.Equal(3, parsed.GetInt("time"));
        Assert.Equal(["a", "b"], parsed.Positionals);
    }

    [Fact]
    public void Boolean_flags_take_an_explicit_value()
    {
        Assert.False(Parse("run", "--rm=false", "busybox").GetBool("rm"));
        Assert.True(Parse("run", "--rm=true", "busybox").GetBool("rm"));
    }

    [Theory]
    [InlineData("parse-missing-argument.txt", "stop")]
    [InlineData("parse-unknown-flag.txt", "stop", "--bogus", "a")]
    [InlineData("parse-unknown-command.txt", "stopp", "a")]
    [InlineData("parse-bad-integer.txt", "stop", "-t", "soon", "a")]
    [InlineData("parse-too-many-arguments.txt", "tag", "a", "b", "c")]
    [InlineData("parse-bad-filter.txt", "ps", "--filter", "nokey")]
    [InlineData("help-stop.txt", "stop", "--help")]
    public async Task Mistakes_and_help_print_dockers_text(string expected, params string[] args)
    {
        var engine = new FakeEngine();
        var run = await CliRun.RunAsync(engine, args);

        ExpectedOutput.Matches(expected, $"exit {run.ExitCode}\n--- stdout\n{run.Out}--- stderr\n{run.Error}");
        Assert.Empty(engine.Log.Calls);
    }
}
