using Microsoft.Extensions.Logging;

namespace Cais.Runtime;

/// <summary>The runtime module's log events (runc and conmon invocations). Event ids 1300-1399.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Debug, Message = "runtime: {Command} exited {ExitCode} in {ElapsedMs} ms")]
    public static partial void RuntimeCommand(ILogger logger, string command, int exitCode, long elapsedMs);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "runtime: conmon for {Id} created the container (pid {Pid}) in {ElapsedMs} ms")]
    public static partial void ConmonCreated(ILogger logger, string id, int pid, long elapsedMs);
}
