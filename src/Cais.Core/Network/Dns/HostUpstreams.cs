using System.Net;

namespace Cais.Network.Dns;

/// <summary>The host's nameservers as the resolver forwards to them, read from the host's resolver files.</summary>
public static class HostUpstreams
{
    public static async Task<IReadOnlyList<IPEndPoint>> ReadAsync(CancellationToken cancellationToken)
    {
        var host = File.Exists(ResolverConfig.HostPath)
            ? await File.ReadAllTextAsync(ResolverConfig.HostPath, cancellationToken).ConfigureAwait(false)
            : "";
        var resolved = File.Exists(ResolverConfig.SystemdResolvedPath)
            ? await File.ReadAllTextAsync(ResolverConfig.SystemdResolvedPath, cancellationToken).ConfigureAwait(false)
            : null;
        return ResolverConfig.FromHost(host, resolved);
    }
}
