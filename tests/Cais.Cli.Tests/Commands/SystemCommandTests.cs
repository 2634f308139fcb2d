using Cais.Cli.Tests.Fakes;

namespace Cais.Cli.Tests.Commands;

public sealed class SystemCommandTests
{
    [Fact]
    public async Task Version_renders_the_engines_facts()
    {
        var engine = new FakeEngine();

        var run = await CliRun.RunAsync(engine, "version");

        Assert.Equal(["Version()"], engine.Log.Calls);
        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        ExpectedOutput.Matches("version.txt", run.Out);
    }
}
