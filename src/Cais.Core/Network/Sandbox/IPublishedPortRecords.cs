using Cais.Network.Ports;

namespace Cais.Network.Sandbox;

/// <summary>
/// Where the owner of sandboxes keeps their published ports (for containers, their records). Both members are called
/// under the ports lock, so what one sandbox records is seen by the next one's reservation.
/// </summary>
public interface IPublishedPortRecords
{
    /// <summary>
    /// The host ports other sandboxes of this state have published: those an older engine published, or that hold no
    /// socket (SCTP), are taken only on record.
    /// </summary>
    IReadOnlyList<PortBinding> PublishedByOthers(string sandboxId);

    /// <summary>Records the sandbox's ports with the host ports they were given.</summary>
    void Record(string sandboxId, IReadOnlyList<PortBinding> bindings);
}
