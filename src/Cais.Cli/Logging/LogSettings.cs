using Cais.Cli.CommandLine;
using Cais.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cais.Cli.Logging;

/// <summary>Turns -D/--debug and --log-level into the engine's logger factory; without either, logging is off.</summary>
public static class LogSettings
{
    public static ILoggerFactory FactoryFrom(ParsedCommand args, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        // --log-level has a default ("info") for the help text, but only a level the user gave turns logging on:
        // a command's stderr carries nothing but its own errors unless asked.
        var level = args.GetBool(GlobalOptions.Debug) ? LogLevel.Debug
            : args.IsSet(GlobalOptions.LogLevel) ? Parse(args.GetString(GlobalOptions.LogLevel)!)
            : LogLevel.None;
        return level == LogLevel.None ? NullLoggerFactory.Instance : new StderrLoggerFactory(stderr, level);
    }

    /// <summary>Docker's names (and "warning", "trace", which logrus accepts too).</summary>
    public static LogLevel Parse(string text) => text.ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "fatal" or "panic" => LogLevel.Critical,
        _ => throw EngineException.Invalid($"Unable to parse logging level: {text}"),
    };
}
