using Microsoft.Extensions.Logging;

namespace Cais.Cli.Logging;

/// <summary>
/// The CLI's log sink: every module's lines on stderr, synchronously, one line each in the text form Podman and
/// Docker print (<c>time="..." level=debug msg="..."</c>). Our own rather than Microsoft.Extensions.Logging.Console:
/// that one queues lines to a background thread (lines would be lost when a command exits or a container's exit
/// command ends the process), brings in options and configuration binding, and costs start-up time in a binary that
/// starts for every command. It is built only when -D or --log-level asks for logs.
/// </summary>
public sealed class StderrLoggerFactory(TextWriter writer, LogLevel minimum) : ILoggerFactory
{
    private readonly Lock _writeLock = new();

    public LogLevel Minimum { get; } = minimum;

    public ILogger CreateLogger(string categoryName) => new StderrLogger(this);

    /// <summary>Providers are a hosting concept; this factory has exactly one sink.</summary>
    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("the CLI logs to stderr only");

    public void Dispose()
    {
    }

    internal void Write(LogLevel level, string message, Exception? exception)
    {
        var line = $"time=\"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}\" level={LevelName(level)} msg=\"{Escape(message)}\"";
        if (exception is not null)
        {
            line += $" error=\"{Escape(exception.Message)}\"";
        }

        lock (_writeLock)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    /// <summary>The names --log-level takes, which are also the names printed.</summary>
    internal static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        _ => "fatal",
    };

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).ReplaceLineEndings("\\n");
}
