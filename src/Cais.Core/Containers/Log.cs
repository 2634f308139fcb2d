using Microsoft.Extensions.Logging;

namespace Cais.Containers;

/// <summary>The containers module's log events (lifecycle). Event ids 1200-1299.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "container {Id}: created from image {Image}")]
    public static partial void Created(ILogger logger, string id, string image);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "container {Id}: starting")]
    public static partial void Starting(ILogger logger, string id);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Debug, Message = "container {Id}: stopping with {Signal}, timeout {TimeoutSeconds} s")]
    public static partial void Stopping(ILogger logger, string id, int signal, int timeoutSeconds);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Debug, Message = "container {Id}: removing (force: {Force})")]
    public static partial void Removing(ILogger logger, string id, bool force);
}
