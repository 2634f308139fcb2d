using Cais.Cli.CommandLine;
using Cais.Cli.Commands;
using Cais.Cli.Commands.SystemCommands;

namespace Cais.Cli;

internal static class Program
{
    private static Task<int> Main(string[] args)
    {
        // Before any child process is started: conmon's exit command inherits SIGCHLD blocked.
        Linux.SignalMask.UnblockChildSignal();
        LastResort.Install();
        return CommandLineApp.RunWithConsoleAsync(CommandTree.Build(), args, VersionCommand.Short);
    }
}
