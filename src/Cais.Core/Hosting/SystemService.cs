using System.Runtime.InteropServices;
using Cais.Api;
using Cais.Common;
using Cais.Metadata;
using Cais.Network;
using Cais.Network.Dns;

namespace Cais.Hosting;

/// <summary>
/// System-wide operations. Built by the composition root, and cheap: nothing opens the state until an operation
/// needs it, so <c>version</c> works without a state root and the resolver daemon opens only the database.
/// </summary>
public sealed class SystemService(EngineOptions options) : ISystemService
{
    public const string PlatformName = "Cais";

    public SystemVersion Version()
    {
        var goVersion = $".NET {Environment.Version}";
        var arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64";
        var kernel = KernelVersion();
        var buildTime = EngineBuild.BuildTimeText();
        var details = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ApiVersion"] = EngineBuild.ApiVersion,
            ["Arch"] = arch,
            ["BuildTime"] = buildTime ?? "",
            ["Experimental"] = "false",
            ["GitCommit"] = EngineBuild.GitCommit,
            ["GoVersion"] = goVersion,
            ["KernelVersion"] = kernel ?? "",
            ["MinAPIVersion"] = EngineBuild.MinApiVersion,
            ["Os"] = "linux",
        };
        return new SystemVersion
        {
            Platform = new SystemVersionPlatform { Name = PlatformName },
            Components = [new ComponentVersion { Name = "Engine", Version = EngineBuild.Version, Details = details }],
            Version = EngineBuild.Version,
            ApiVersion = EngineBuild.ApiVersion,
            MinAPIVersion = EngineBuild.MinApiVersion,
            GitCommit = EngineBuild.GitCommit,
            GoVersion = goVersion,
            Os = "linux",
            Arch = arch,
            KernelVersion = kernel,
            BuildTime = buildTime,
        };
    }

    public bool StateExists() => File.Exists(options.Paths.Database);

    private static string? KernelVersion()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    public async Task<ResolverDaemonOutcome> RunResolverDaemonAsync(ResolverDaemonRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Port is < 0 or > ushort.MaxValue)
        {
            throw EngineException.Invalid($"invalid port {request.Port}");
        }

        var upstreams = request.Upstreams ?? await HostUpstreams.ReadAsync(cancellationToken).ConfigureAwait(false);

        var daemon = Engine.CreateResolverDaemon(options.Paths, request.Port, upstreams, request.Log);
        return await daemon.RunAsync(cancellationToken).ConfigureAwait(false);
    }
}
