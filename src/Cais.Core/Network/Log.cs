using Microsoft.Extensions.Logging;

namespace Cais.Network;

/// <summary>The network module's log events (CNI plugins, firewall). Event ids 1400-1499.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Debug, Message = "cni: {Verb} {Plugin} for {ContainerId} on {Interface} exited {ExitCode} in {ElapsedMs} ms")]
    public static partial void CniPlugin(ILogger logger, string verb, string plugin, string containerId, string @interface, int exitCode, long elapsedMs);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug, Message = "firewall: {CommandLine} exited {ExitCode} in {ElapsedMs} ms")]
    public static partial void Iptables(ILogger logger, string commandLine, int exitCode, long elapsedMs);
}
