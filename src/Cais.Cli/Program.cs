using Cais.Cli.CommandLine;
using Cais.Cli.Commands;
using Cais.Cli.Commands.SystemCommands;

namespace Cais.Cli;

internal static class Program
{
    private static Task<int> Main(string[] args) =>
        CommandLineApp.RunWithConsoleAsync(CommandTree.Build(), args, VersionCommand.Short);
}
