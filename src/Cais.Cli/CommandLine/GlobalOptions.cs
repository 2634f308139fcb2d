namespace Cais.Cli.CommandLine;

/// <summary>The top-level options every cais invocation understands (put them on the root spec).</summary>
public static class GlobalOptions
{
    public const string Root = "root";
    public const string RunRoot = "runroot";
    public const string Debug = "debug";
    public const string LogLevel = "log-level";
    public const string Version = "version";

    /// <summary>--root and --runroot are persistent so that every subcommand accepts them too.</summary>
    public static IReadOnlyList<OptionSpec> All { get; } =
    [
        new OptionSpec(Root, OptionKind.String, "Path to the storage root directory") { Persistent = true },
        new OptionSpec(RunRoot, OptionKind.String, "Path to the runtime state directory") { Persistent = true },
        OptionSpec.Flag(Debug, 'D', "Enable debug mode"),
        OptionSpec.Str(LogLevel, 'l', "Set the logging level (\"debug\", \"info\", \"warn\", \"error\", \"fatal\")", "info"),
        OptionSpec.Flag(Version, 'v', "Print version information and quit"),
    ];
}
