using Cais.Cli.CommandLine;
using Cais.Cli.Commands;
using Cais.Cli.Tests.Fakes;

namespace Cais.Cli.Tests;

/// <summary>What one cais command line printed and returned, run in-process against fake services.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static async Task<CliRun> RunAsync(FakeEngine engine, params string[] args)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        // No test has a terminal on stdin, whatever runs it.
        using (CommandEnvironment.Use(new CommandEnvironment(stdout, stderr, _ => engine) { InputIsTerminal = () => false }))
        {
            var app = new CommandLineApp(CommandTree.Build(), stdout, stderr);
            var code = await app.RunAsync(args, CancellationToken.None);
            return new CliRun(code, stdout.ToString(), stderr.ToString());
        }
    }
}
