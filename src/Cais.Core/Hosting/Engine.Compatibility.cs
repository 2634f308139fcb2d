using Cais.Metadata;
using Cais.Network;
using Cais.Runtime;
using Cais.Snapshots;

namespace Cais.Hosting;

/// <summary>
/// TEMPORARY, for the redesign's merge only: engine internals that CLI files other branches are moving into Core
/// still reach (inspect, ps filters, network ls/inspect, the foreground session and signal forwarding). Delete this
/// file once those files call the service interfaces; nothing new may use it.
/// </summary>
public sealed partial class Engine
{
    public EngineOptions Options { get; }

    public ISnapshotter Snapshotter { get; }

    public ContainerRepository ContainerRecords { get; }

    public NetworkRepository NetworkRecords => ConcreteNetworks.Repository;

    public NetworkService ConcreteNetworks { get; }

    public IContainerRuntime Runtime { get; }
}
