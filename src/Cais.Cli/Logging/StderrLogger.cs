using Microsoft.Extensions.Logging;

namespace Cais.Cli.Logging;

/// <summary>One module's logger over the shared stderr sink; the modules' messages already name what they are about.</summary>
internal sealed class StderrLogger(StderrLoggerFactory sink) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= sink.Minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            sink.Write(logLevel, formatter(state, exception), exception);
        }
    }
}
