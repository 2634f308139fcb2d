using System.Runtime.InteropServices;
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
    public SystemVersion Version() => new()
    {
        Version = SystemVersion.Current,
        ApiVersion = "1.50 (planned)",
        PlatformRuntime = $".NET {Environment.Version}, NativeAOT",
        Os = "linux",
        Arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64",
        Mode = "daemonless (in-process)",
        Runtime = "runc under conmon",
    };

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
