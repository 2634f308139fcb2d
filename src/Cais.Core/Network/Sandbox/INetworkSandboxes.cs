using Cais.Network.Ports;

namespace Cais.Network.Sandbox;

/// <summary>
/// Network sandboxes: a network namespace with its loopback up, the endpoints it has on networks, and the host ports
/// published into it. A sandbox is named by its ID, chosen by its owner: a Docker container owns one implicitly (the
/// sandbox ID is the container ID), a container in <c>container:X</c> mode uses X's, a Kubernetes pod will own one
/// explicitly.
/// </summary>
/// <remarks>
/// <para>
/// Lifecycle: <see cref="EnsureAsync"/>, then <see cref="PublishPortsAsync"/> (before the process that holds the ports
/// starts), then <see cref="AttachAsync"/> once per network (the first attach becomes the primary interface, eth0,
/// which carries the published ports), <see cref="DetachAsync"/> for a network left while the sandbox lives, and
/// <see cref="TearDownAsync"/> at the end.
/// </para>
/// <para>
/// Crash safety is shared with the owner: the implementation keeps no record of its own between calls, so the owner
/// records <see cref="NamespacePath"/> before <see cref="EnsureAsync"/>, each endpoint after <see cref="AttachAsync"/>
/// returns, and the networks it asked for; <see cref="TearDownAsync"/> then works from whatever was recorded, however
/// far an earlier run got. Every operation may run in several cais processes at once; the owner serializes the
/// operations on one sandbox (the container lock).
/// </para>
/// </remarks>
public interface INetworkSandboxes
{
    /// <summary>Where the sandbox's namespace is bound: a function of the ID alone, so the owner can record it first.</summary>
    string NamespacePath(string sandboxId);

    /// <summary>
    /// Makes sure the sandbox's network namespace exists, with "lo" up and no other interface configured by itself
    /// (IPv6 autoconfiguration is off for interfaces that join later). An existing namespace is kept. Returns
    /// <see cref="NamespacePath"/>.
    /// </summary>
    Task<string> EnsureAsync(string sandboxId, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the requested bindings their host ports and takes each port host-wide with a bound socket, then records the
    /// result through <paramref name="records"/>, under a lock that makes the check and the record one step for every
    /// sandbox of this state. Null when nothing is requested. The caller hands
    /// <see cref="PortReservation.Handles"/> to the process that holds the ports for the sandbox's lifetime (conmon
    /// inherits them), then disposes the reservation (also when the start fails).
    /// </summary>
    /// <exception cref="Common.EngineException">A requested port is taken, or no port of a range is free.</exception>
    Task<PortReservation?> PublishPortsAsync(string sandboxId, IReadOnlyList<PortBinding> requested, IPublishedPortRecords records,
        CancellationToken cancellationToken);

    /// <summary>
    /// Joins the sandbox to a network (CNI ADD) on the lowest free ethN not in <paramref name="takenInterfaces"/>.
    /// When that is the primary interface, <paramref name="publishedPorts"/> (host ports already chosen by
    /// <see cref="PublishPortsAsync"/>) are forwarded to it. Returns the address, MAC, interface name and the
    /// nameserver to use. On failure nothing stays attached.
    /// </summary>
    Task<NetworkAttachment> AttachAsync(string sandboxId, string namespacePath, SandboxEndpointRequest request, IReadOnlyCollection<string> takenInterfaces,
        IReadOnlyList<PortBinding> publishedPorts, CancellationToken cancellationToken);

    /// <summary>
    /// Leaves one network while the sandbox lives (CNI DEL with its namespace: the interface goes with it). Pass the
    /// sandbox's published ports: their forwarding goes when the primary interface does. Safe to repeat.
    /// </summary>
    Task DetachAsync(string sandboxId, string namespacePath, NetworkRecord network, string interfaceName, IReadOnlyList<PortBinding> publishedPorts,
        CancellationToken cancellationToken);

    /// <summary>
    /// Removes the sandbox: its namespace first (the kernel takes the interfaces with it), then every endpoint it has
    /// or may have had releases its address and port forwarding, and the default bridge goes when nothing uses it.
    /// Safe to repeat; whatever is missing counts as removed.
    /// </summary>
    Task TearDownAsync(SandboxTeardown teardown, CancellationToken cancellationToken);
}
