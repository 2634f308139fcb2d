using Cais.Events;

namespace Cais.Network;

public sealed partial class NetworkService
{
    /// <summary>Where network events are recorded: the engine's journal (nothing when built without one).</summary>
    public IEventSink EventSink { get; init; } = NullEventSink.Instance;

    /// <summary>Records a network event with Docker's attributes (name, type, and the container for connect/disconnect).</summary>
    private NetworkRecord Emitted(string action, NetworkRecord network, string? containerId = null)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = network.Name, ["type"] = "bridge" };
        if (containerId is not null)
        {
            attributes["container"] = containerId;
        }

        EventSink.Record(EngineEvent.Now(EventTypes.Network, action, network.Id, attributes));
        return network;
    }
}
