using System.Runtime.InteropServices;
using Cais.Cli.CommandLine;

namespace Cais.Cli.Commands.SystemCommands;

public static class VersionCommand
{
    public const string Version = "0.1.0";

    public static string Short => $"Cais version {Version}";

    public static CommandSpec Spec() => new("version", "Show the Cais version information")
    {
        Usage = "cais version [OPTIONS]",
        MaxArgs = 0,
        Handler = Handler.Of(async (context, _) =>
        {
            await context.Out.WriteLineAsync($"""
                Client:
                 Version:           {Version}
                 API version:       1.50 (planned)
                 Go version:        n/a (.NET {Environment.Version}, NativeAOT)
                 OS/Arch:           linux/{(RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64")}

                Engine:
                 Mode:              daemonless (in-process)
                 Runtime:           runc under conmon
                """).ConfigureAwait(false);
            return 0;
        }),
    };
}
