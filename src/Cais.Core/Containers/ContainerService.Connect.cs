using Cais.Common;
using Cais.Containers.State;
using Cais.Metadata;
using Cais.Network;
using Cais.Network.Sandbox;

namespace Cais.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// Docker's `network connect`: the container joins the network now when it is running (on the next free ethN),
    /// and on every later start either way.
    /// </summary>
    public async Task ConnectAsync(string containerIdOrName, string networkIdOrName, string? ipAddress, IReadOnlyList<string> aliases,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        var found = await GetAsync(containerIdOrName, cancellationToken).ConfigureAwait(false);
        var network = await FindNetworkAsync(networkIdOrName, cancellationToken).ConfigureAwait(false);
        // Held until the container's record names the network, so `network rm` either sees it or wins first.
        using var networkHold = await networks!.HoldAsync([network], cancellationToken).ConfigureAwait(false);
        using var held = await LockAsync(found.Id, cancellationToken).ConfigureAwait(false);
        var record = containers.GetById(found.Id) ?? throw NoSuchContainer(containerIdOrName);
        ContainerTransitions.Ensure(ContainerOperation.Connect, record, containerIdOrName);
        var mode = record.Settings.NetworkMode;
        if (mode == "host")
        {
            throw EngineException.Invalid("container cannot be disconnected from host network or connected to host network");
        }

        if (mode == "none")
        {
            throw EngineException.Invalid("container cannot be connected to multiple networks with one of the networks in private (none) mode");
        }

        if (IsContainerMode(mode))
        {
            throw EngineException.Invalid("container sharing network namespace with another container or host cannot be connected to any other network");
        }

        if (record.Settings.Networks.Any(n => n.Network == network.Name))
        {
            throw new EngineException(ErrorKind.PermissionDenied, $"endpoint with name {record.Name} already exists in network {network.Name}");
        }

        if (network.Name == NetworkRecord.DefaultName && (ipAddress is not null || aliases.Count > 0))
        {
            throw EngineException.Invalid(ipAddress is not null
                ? "user specified IP address is supported on user defined networks only"
                : "network-scoped alias is supported only for containers in user defined networks");
        }

        var request = new NetworkRequest { Network = network.Name, IpAddress = ipAddress, Aliases = aliases };
        if (ContainerTransitions.JoinsNetworksNow(record.State.Status) && record.State.NetnsPath is { } netns)
        {
            var taken = record.State.Endpoints.Select(e => e.InterfaceName).ToList();
            var endpoint = await AttachOneAsync(record.Id, netns, network, request, taken, ToBindings(record.State.Ports), cancellationToken)
                .ConfigureAwait(false);
            await SyncResolverAsync([endpoint], cancellationToken).ConfigureAwait(false);
        }

        containers.Mutate(record.Id, r => r with { Settings = r.Settings with { Networks = [.. r.Settings.Networks, request] } });
    }

    /// <summary>Docker's `network disconnect`: leaves the network now (running) and on later starts.</summary>
    public async Task DisconnectAsync(string containerIdOrName, string networkIdOrName, bool force, CancellationToken cancellationToken)
    {
        var found = await GetAsync(containerIdOrName, cancellationToken).ConfigureAwait(false);
        var network = networks?.Repository.Find(networkIdOrName);
        using var held = await LockAsync(found.Id, cancellationToken).ConfigureAwait(false);
        var record = containers.GetById(found.Id) ?? throw NoSuchContainer(containerIdOrName);
        ContainerTransitions.Ensure(ContainerOperation.Disconnect, record, containerIdOrName);
        if (record.Settings.NetworkMode == "host" && networkIdOrName == "host")
        {
            throw EngineException.Invalid("container cannot be disconnected from host network or connected to host network");
        }

        if (network is null)
        {
            // Docker lets --force clean up after a network that is already gone.
            if (!force)
            {
                throw EngineException.NotFound($"network {networkIdOrName} not found");
            }

            containers.Mutate(record.Id, r => r with { Settings = r.Settings with { Networks = r.Settings.Networks.Where(n => n.Network != networkIdOrName).ToList() } });
            return;
        }

        var endpoint = record.State.Endpoints.FirstOrDefault(e => e.NetworkId == network.Id);
        if (endpoint is null && !record.Settings.Networks.Any(n => n.Network == network.Name))
        {
            throw EngineException.Invalid($"container {record.Id} is not connected to network {network.Name}");
        }

        if (endpoint is not null && record.State.NetnsPath is { } netns)
        {
            // The container keeps running: DEL with its namespace, so the bridge plugin takes the interface out of it.
            await Sandboxes.DetachAsync(record.Id, netns, network, endpoint.InterfaceName, ToBindings(record.State.Ports), cancellationToken)
                .ConfigureAwait(false);
            containers.Mutate(record.Id, r => r with
            {
                State = r.State with
                {
                    Endpoints = r.State.Endpoints.Where(e => e.NetworkId != network.Id).ToList(),
                    Ports = SandboxInterfaces.CarriesPorts(endpoint.InterfaceName) ? [] : r.State.Ports,
                },
            });
            await SyncResolverAsync([endpoint], cancellationToken).ConfigureAwait(false);
        }

        containers.Mutate(record.Id, r => r with { Settings = r.Settings with { Networks = r.Settings.Networks.Where(n => n.Network != network.Name).ToList() } });
    }
}
