using System.Text.Json.Nodes;
using Cais.Common;
using Cais.Linux;
using Cais.Network.Ports;

namespace Cais.Network.Sandbox;

/// <summary>
/// Sandboxes on bridge networks through the CNI plugins (see <see cref="NetworkService"/>), with persistent namespaces
/// (<see cref="NetworkNamespace"/>) and published ports held by sockets (<see cref="HostPortAllocator"/>).
/// </summary>
/// <param name="networks">The networks to attach to; null when this engine has none (then only namespaces exist).</param>
public sealed class NetworkSandboxes(NetworkService? networks, NetworkSandboxOptions options) : INetworkSandboxes
{
    public string NamespacePath(string sandboxId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sandboxId);
        return Path.Combine(options.NamespaceDirectory, sandboxId);
    }

    public Task<string> EnsureAsync(string sandboxId, CancellationToken cancellationToken)
    {
        var path = NamespacePath(sandboxId);

        // One stat on the usual path (no namespace yet); a file that is no namespace is what a crash between creating
        // the file and mounting onto it leaves.
        if (File.Exists(path))
        {
            if (NetworkNamespace.Exists(path))
            {
                return Task.FromResult(path);
            }

            NetworkNamespace.Delete(path);
        }

        NetworkNamespace.Create(path);
        return Task.FromResult(path);
    }

    public async Task<PortReservation?> PublishPortsAsync(string sandboxId, IReadOnlyList<PortBinding> requested, IPublishedPortRecords records,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(records);
        if (requested.Count == 0)
        {
            return null;
        }

        // The sockets make the ports taken host-wide; the lock only keeps the recorded ports of this state (those of
        // sandboxes whose ports hold no socket) consistent with what is reserved next.
        Directory.CreateDirectory(Path.GetDirectoryName(options.PortsLockPath)!);
        using var portLock = await FileLock.AcquireAsync(options.PortsLockPath, exclusive: true, cancellationToken).ConfigureAwait(false);
        var allocator = await HostPortAllocator.CreateAsync(cancellationToken).ConfigureAwait(false);
        var reservation = allocator.Reserve(requested, records.PublishedByOthers(sandboxId));
        try
        {
            records.Record(sandboxId, reservation.Bindings);
            return reservation;
        }
        catch
        {
            reservation.Dispose();
            throw;
        }
    }

    public Task<NetworkAttachment> AttachAsync(string sandboxId, string namespacePath, SandboxEndpointRequest request,
        IReadOnlyCollection<string> takenInterfaces, IReadOnlyList<PortBinding> publishedPorts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var interfaceName = SandboxInterfaces.NextFree(takenInterfaces);
        return Networks.AttachAsync(sandboxId, namespacePath, request.Network, request.IpAddress, request.Aliases, interfaceName,
            PortArguments(interfaceName, publishedPorts), cancellationToken);
    }

    public Task DetachAsync(string sandboxId, string namespacePath, NetworkRecord network, string interfaceName, IReadOnlyList<PortBinding> publishedPorts,
        CancellationToken cancellationToken) =>
        Networks.DetachAsync(sandboxId, namespacePath, network, interfaceName, PortArguments(interfaceName, publishedPorts), cancellationToken);

    public async Task TearDownAsync(SandboxTeardown teardown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(teardown);

        // The namespace goes first: the kernel removes the veths with it, far cheaper than the bridge plugin deleting each.
        NetworkNamespace.Delete(teardown.NamespacePath ?? NamespacePath(teardown.SandboxId));
        if (networks is null)
        {
            return;
        }

        foreach (var (network, interfaceName) in Enumerable.Reverse(EndpointsToRelease(networks.Repository, teardown)))
        {
            await networks.DetachAsync(teardown.SandboxId, "", network, interfaceName, PortArguments(interfaceName, teardown.PublishedPorts), cancellationToken)
                .ConfigureAwait(false);
            await networks.ReleaseDefaultBridgeIfUnusedAsync(network, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The endpoints a sandbox holds or may hold addresses on: the recorded ones, and requested networks an ADD may have
    /// reached before a failure or crash, on the interface each would have had (DEL of an unknown one is harmless).
    /// </summary>
    private static List<(NetworkRecord Network, string InterfaceName)> EndpointsToRelease(NetworkRepository repository, SandboxTeardown teardown)
    {
        var result = new List<(NetworkRecord Network, string InterfaceName)>();
        foreach (var endpoint in teardown.Endpoints)
        {
            if (repository.GetById(endpoint.NetworkId) is { } network)
            {
                result.Add((network, endpoint.InterfaceName));
            }
        }

        for (var i = 0; i < teardown.RequestedNetworks.Count; i++)
        {
            var name = SandboxInterfaces.Name(i);
            if (repository.GetByName(teardown.RequestedNetworks[i]) is { } network && !result.Any(r => r.Network.Id == network.Id && r.InterfaceName == name))
            {
                result.Add((network, name));
            }
        }

        return result;
    }

    private NetworkService Networks => networks ?? throw EngineException.NotFound("network support is not configured");

    /// <summary>The CNI "portMappings" capability for the portmap plugin; DEL needs the same, or it leaves the rules.</summary>
    private static Dictionary<string, JsonNode> PortArguments(string interfaceName, IReadOnlyList<PortBinding> ports)
    {
        var capabilities = new Dictionary<string, JsonNode>();
        if (ports.Count > 0 && SandboxInterfaces.CarriesPorts(interfaceName))
        {
            capabilities["portMappings"] = PortMappingConfig.ToCniRuntimeConfig(ports)["portMappings"]!.DeepClone();
        }

        return capabilities;
    }
}
