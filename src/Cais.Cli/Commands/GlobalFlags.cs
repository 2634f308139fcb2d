using Cais.Cli.CommandLine;
using Cais.Cli.Logging;
using Cais.Common;

namespace Cais.Cli.Commands;

/// <summary>
/// What Docker's client flags mean for a daemonless engine. The engine runs in this very process, so there is one
/// endpoint: the "default" context, reached without a socket. <c>-H</c>/<c>DOCKER_HOST</c> may name Docker's default
/// local socket (scripts spell it out) and mean this engine; any other endpoint is refused in the docker CLI's words
/// ("Failed to initialize: ..."), exit 1, before the command does anything. The TLS flags only matter for a TCP
/// endpoint, which is refused, so they are accepted and have no effect (as Docker ignores them for a unix socket).
/// <c>--config DIR</c> is where <c>config.json</c> (registry credentials) is read and written.
/// </summary>
public static class GlobalFlags
{
    /// <summary>The only context there is.</summary>
    public const string DefaultContext = "default";

    private const string InitFailure = "Failed to initialize: unable to resolve docker endpoint: ";

    /// <summary>Endpoints that name the local engine: Docker's default socket, which scripts often spell out.</summary>
    private static readonly string[] s_localEndpoints = ["unix://", "unix:///var/run/docker.sock", "unix:///run/docker.sock"];

    /// <summary>The docker CLI's error for global flags this engine cannot honour, or null when they are fine.</summary>
    public static string? Problem(ParsedCommand args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.IsSet(GlobalOptions.LogLevel))
        {
            try
            {
                LogSettings.Parse(args.GetString(GlobalOptions.LogLevel)!);
            }
            catch (EngineException e)
            {
                return e.Message;
            }
        }

        var hosts = args.GetList(GlobalOptions.Host);
        if (hosts.Count > 0 && args.IsSet(GlobalOptions.Context))
        {
            return "conflicting options: cannot specify both --host and --context";
        }

        if (hosts.Count > 1)
        {
            return "Specify only one -H";
        }

        var context = args.IsSet(GlobalOptions.Context) ? args.GetString(GlobalOptions.Context) : Environment.GetEnvironmentVariable("DOCKER_CONTEXT");
        if (!string.IsNullOrEmpty(context) && context != DefaultContext)
        {
            return $"{InitFailure}context \"{context}\": context not found: cais has only the \"{DefaultContext}\" context (the engine in this process)";
        }

        // --context (even "default") overrides DOCKER_HOST, as in Docker.
        var host = hosts.Count == 1 ? hosts[0] : args.IsSet(GlobalOptions.Context) ? null : Environment.GetEnvironmentVariable("DOCKER_HOST");
        return string.IsNullOrEmpty(host) ? null : HostProblem(host);
    }

    /// <summary>Docker's config.json in the --config directory (null: $DOCKER_CONFIG or ~/.docker, the engine's default).</summary>
    public static string? DockerConfigFile(ParsedCommand args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.IsSet(GlobalOptions.Config) ? Path.Combine(args.GetString(GlobalOptions.Config)!, "config.json") : null;
    }

    private static string? HostProblem(string host)
    {
        var trimmed = host.Trim();
        if (s_localEndpoints.Contains(trimmed, StringComparer.Ordinal))
        {
            return null;
        }

        var scheme = trimmed.IndexOf("://", StringComparison.Ordinal) is var at and > 0 ? trimmed[..at] : null;
        if (scheme is not (null or "unix" or "tcp" or "ssh" or "fd" or "npipe"))
        {
            return $"{InitFailure}invalid bind address format: {host}";
        }

        return $"{InitFailure}{host}: cais has no daemon to connect to: it runs the engine in this process (leave -H and DOCKER_HOST unset, or use unix:///var/run/docker.sock)";
    }
}
