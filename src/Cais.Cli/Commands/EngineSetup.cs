using Cais.Cli.CommandLine;
using Cais.Cli.Logging;
using Cais.Hosting;

namespace Cais.Cli.Commands;

/// <summary>Turns global flags and environment variables into <see cref="EngineOptions"/>.</summary>
public static class EngineSetup
{
    public static EngineOptions OptionsFrom(ParsedCommand args)
    {
        var paths = EnginePaths.Resolve(args.GetString(GlobalOptions.Root), args.GetString(GlobalOptions.RunRoot));
        var insecure = (Environment.GetEnvironmentVariable("CAIS_INSECURE_REGISTRIES") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new EngineOptions
        {
            Paths = paths,
            InsecureRegistries = insecure,
            DockerConfigPath = GlobalFlags.DockerConfigFile(args),
            StorageDriver = Environment.GetEnvironmentVariable("CAIS_STORAGE_DRIVER"),
            ExitCommandPrefix = ExitCommand(paths),
            Loggers = LogSettings.FactoryFrom(args, Console.Error),
        };
    }

    /// <summary>
    /// conmon runs this after a container exits so that its state is recorded and --rm honoured even when no cais
    /// process is around. It must be this very binary, so it is only set when we run as the published cais.
    /// </summary>
    private static IReadOnlyList<string>? ExitCommand(EnginePaths paths)
    {
        var self = Environment.GetEnvironmentVariable("CAIS_BINARY") ?? Environment.ProcessPath;
        if (self is null || Path.GetFileName(self) != "cais")
        {
            return null;
        }

        return [self, "--root", paths.Root, "--runroot", paths.RunRoot];
    }
}
