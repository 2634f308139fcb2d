using Microsoft.Extensions.Logging;

namespace Cais.Distribution;

/// <summary>The distribution module's log events (registry requests). Event ids 1100-1199.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "registry: {Method} {Uri} -> {Status} in {ElapsedMs} ms")]
    public static partial void Request(ILogger logger, HttpMethod method, Uri uri, int status, long elapsedMs);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "registry: token for {Host} scope \"{Scope}\" from {Realm}, valid {LifetimeSeconds} s")]
    public static partial void TokenFetched(ILogger logger, string host, string scope, Uri realm, double lifetimeSeconds);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "registry: {Method} {Uri} failed: {Reason}")]
    public static partial void RequestFailed(ILogger logger, HttpMethod method, Uri uri, string reason);
}
