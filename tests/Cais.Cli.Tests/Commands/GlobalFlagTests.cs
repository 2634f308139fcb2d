using Cais.Cli.CommandLine;
using Cais.Cli.Commands;
using Cais.Cli.Tests.Fakes;

namespace Cais.Cli.Tests.Commands;

public sealed class GlobalFlagTests
{
    private readonly FakeEngine _engine = new();

    [Theory]
    [InlineData("--context", "default")]
    [InlineData("-c", "default")]
    [InlineData("-H", "unix:///var/run/docker.sock")]
    [InlineData("--host", "unix://")]
    [InlineData("--tlsverify", "--tls")]
    [InlineData("--log-level", "warn")]
    public async Task Flags_naming_the_local_engine_run_the_command(string flag, string value)
    {
        var run = await CliRun.RunAsync(_engine, flag, value, "version", "--format", "{{.Client.Version}}");

        Assert.Equal(new CliRun(0, "9.8.7\n", ""), run);
    }

    [Theory]
    [InlineData("--context", "remote", "Failed to initialize: unable to resolve docker endpoint: context \"remote\": context not found: cais has only the \"default\" context (the engine in this process)\n")]
    [InlineData("-H", "tcp://10.0.0.1:2375", "Failed to initialize: unable to resolve docker endpoint: tcp://10.0.0.1:2375: cais has no daemon to connect to: it runs the engine in this process (leave -H and DOCKER_HOST unset, or use unix:///var/run/docker.sock)\n")]
    [InlineData("-H", "unix:///run/other.sock", "Failed to initialize: unable to resolve docker endpoint: unix:///run/other.sock: cais has no daemon to connect to: it runs the engine in this process (leave -H and DOCKER_HOST unset, or use unix:///var/run/docker.sock)\n")]
    [InlineData("-H", "bad://x", "Failed to initialize: unable to resolve docker endpoint: invalid bind address format: bad://x\n")]
    [InlineData("--log-level", "loud", "Unable to parse logging level: loud\n")]
    public async Task Flags_the_engine_cannot_honour_fail_in_the_docker_clis_words_before_the_command_runs(string flag, string value, string error)
    {
        var run = await CliRun.RunAsync(_engine, flag, value, "ps");

        Assert.Equal(new CliRun(1, "", error), run);
        Assert.Empty(_engine.Log.Calls);
    }

    [Fact]
    public async Task Host_and_context_together_conflict()
    {
        var run = await CliRun.RunAsync(_engine, "-H", "unix:///var/run/docker.sock", "--context", "default", "ps");

        Assert.Equal(new CliRun(1, "", "conflicting options: cannot specify both --host and --context\n"), run);
    }

    [Fact]
    public async Task Only_one_host_is_accepted()
    {
        var run = await CliRun.RunAsync(_engine, "-H", "unix://", "-H", "unix://", "ps");

        Assert.Equal(new CliRun(1, "", "Specify only one -H\n"), run);
    }

    [Fact]
    public void Config_names_the_directory_of_the_credentials_file()
    {
        var parsed = CommandLineParser.Parse(CommandTree.Build(), ["--config", "/tmp/client-config", "login"]).Command!;

        Assert.Equal("/tmp/client-config/config.json", EngineSetup.OptionsFrom(parsed).DockerConfigPath);
    }

    [Fact]
    public void Without_config_the_engine_reads_docker_config_or_home()
    {
        var parsed = CommandLineParser.Parse(CommandTree.Build(), ["login"]).Command!;

        Assert.Null(EngineSetup.OptionsFrom(parsed).DockerConfigPath);
    }

    [Fact]
    public async Task Root_help_lists_dockers_global_options()
    {
        var run = await CliRun.RunAsync(_engine, "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var line in (string[])[
            "      --config string      Location of client config files (default",
            "  -c, --context string     Name of the context to use to connect to the",
            "  -H, --host list          Daemon socket to connect to",
            "      --tls                Use TLS; implied by --tlsverify",
            "      --tlsverify          Use TLS and verify the remote",
            "  -v, --version            Print version information and quit"])
        {
            Assert.Contains(line + "\n", run.Out, StringComparison.Ordinal);
        }
    }
}
