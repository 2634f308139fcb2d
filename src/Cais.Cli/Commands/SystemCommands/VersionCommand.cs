using Cais.Cli.CommandLine;
using Cais.Hosting;

namespace Cais.Cli.Commands.SystemCommands;

public static class VersionCommand
{
    /// <summary>What <c>cais -v</c> prints.</summary>
    public static string Short => $"Cais version {SystemVersion.Current}";

    public static CommandSpec Spec() => new("version", "Show the Cais version information")
    {
        Usage = "cais version [OPTIONS]",
        MaxArgs = 0,
        Handler = Handler.Of(async (context, _) =>
        {
            var version = context.System.Version();
            await context.Out.WriteLineAsync($"""
                Client:
                 Version:           {version.Version}
                 API version:       {version.ApiVersion}
                 Go version:        n/a ({version.PlatformRuntime})
                 OS/Arch:           {version.Os}/{version.Arch}

                Engine:
                 Mode:              {version.Mode}
                 Runtime:           {version.Runtime}
                """).ConfigureAwait(false);
            return 0;
        }),
    };
}
