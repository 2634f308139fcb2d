using System.Net;
using Cais.Containers;
using Cais.Metadata;
using Cais.Network;
using Cais.Network.Dns;

namespace Cais.Hosting;

public sealed partial class Engine
{
    /// <summary>
    /// The resident resolver of a state (<c>cais system dns --daemon</c>), wired here like the rest of the engine but
    /// with only the database: it needs no image store, snapshotter or runtime, and must start fast.
    /// </summary>
    public static ResolverDaemon CreateResolverDaemon(EnginePaths paths, int port, IReadOnlyList<IPEndPoint> upstreams, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var store = new MetadataStore(paths.Database);
        return new ResolverDaemon(new ResolverDaemonOptions
        {
            Networks = new NetworkRepository(store),
            Records = new ContainerDnsRecordSource(new ContainerRepository(store)),
            RunRoot = paths.RunRoot,
            Port = port,
            Upstreams = upstreams,
            Log = log,
        });
    }
}
