using System.Text.Json.Nodes;
using Cais.Common;
using Cais.Containers.Spec;
using Cais.Linux;
using Cais.Metadata;
using Cais.Network;
using Cais.Network.Ports;
using Cais.Oci.Image;

namespace Cais.Containers;

public sealed partial class ContainerService
{
    private const string InterfaceName = "eth0";

    /// <summary>Whether a network mode names a bridge network (anything but none and host).</summary>
    public static bool IsBridgeMode(string networkMode) => networkMode is not ("none" or "host");

    /// <summary>
    /// The names of the networks containers use, for refusing to remove a network in use: containers that are
    /// attached now, and created ones that would attach on start.
    /// </summary>
    public IReadOnlyList<ContainerRecord> ContainersOnNetwork(NetworkRecord network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return containers.List()
            .Where(c => c.Settings.NetworkMode == network.Name || c.State.Endpoints.Any(e => e.NetworkId == network.Id))
            .ToList();
    }

    /// <summary>The network published ports of a container (allocated host ports), as the port library takes them.</summary>
    public static IReadOnlyList<PortBinding> ToBindings(IEnumerable<PublishedPort> ports) =>
        ports.Select(p => new PortBinding(p.HostIp, p.HostPort, p.ContainerPort, ParseProtocol(p.Protocol), p.HostPortEnd)).ToList();

    private static PublishedPort ToPublished(PortBinding b) => new()
    {
        HostIp = b.HostIp,
        HostPort = b.HostPort,
        HostPortEnd = b.HostPortEnd,
        ContainerPort = b.ContainerPort,
        Protocol = b.Protocol.ToName(),
    };

    private static PortProtocol ParseProtocol(string name) => PortProtocols.TryParse(name, out var p) ? p : PortProtocol.Tcp;

    /// <summary>Resolves --network to the name stored in the record; Docker's "network X not found" for unknown ones.</summary>
    private async Task<string> ResolveNetworkAsync(string mode, CancellationToken cancellationToken)
    {
        if (!IsBridgeMode(mode))
        {
            return mode;
        }

        if (networks is null)
        {
            throw EngineException.NotFound($"network {mode} not found");
        }

        if (mode == NetworkRecord.DefaultName)
        {
            return (await networks.EnsureDefaultBridgeAsync(cancellationToken).ConfigureAwait(false)).Name;
        }

        return (networks.Repository.Find(mode) ?? throw EngineException.NotFound($"network {mode} not found")).Name;
    }

    private static (IReadOnlyList<PublishedPort> Bindings, IReadOnlyList<string> Exposed) ResolvePorts(
        CreateOptions options, string networkName, IReadOnlyDictionary<string, EmptyObject>? imageExposed)
    {
        var explicitBindings = PortSpec.ParseAll(options.Publish);
        if (options.IpAddress is not null)
        {
            if (!IsBridgeMode(networkName) || networkName == NetworkRecord.DefaultName)
            {
                throw EngineException.Invalid("user specified IP address is supported on user defined networks only");
            }
        }

        var exposed = ExposedPorts.FromImage(imageExposed).Select(b => b.ContainerKey).ToList();
        if (!IsBridgeMode(networkName))
        {
            // Docker discards published ports with host networking (and none has nothing to publish to).
            return ([], exposed);
        }

        var bindings = options.PublishAll ? ExposedPorts.PublishAll(imageExposed, explicitBindings) : explicitBindings;
        exposed.AddRange(bindings.Select(b => b.ContainerKey).Where(k => !exposed.Contains(k)));
        return (bindings.Select(ToPublished).ToList(), exposed);
    }

    /// <summary>
    /// Gives a container on a bridge network its namespace, address and port mappings. The namespace path is recorded
    /// before anything is created, so that cleanup (<see cref="ReleaseNetworkAsync"/>) finds whatever a failure leaves.
    /// </summary>
    private async Task<(ContainerRecord Record, string? NetnsPath)> SetUpNetworkAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        if (!IsBridgeMode(record.Settings.NetworkMode))
        {
            return (record, null);
        }

        if (networks is null)
        {
            throw EngineException.NotFound($"network {record.Settings.NetworkMode} not found");
        }

        var network = record.Settings.NetworkMode == NetworkRecord.DefaultName
            ? await networks.EnsureDefaultBridgeAsync(cancellationToken).ConfigureAwait(false)
            : networks.Repository.GetByName(record.Settings.NetworkMode)
                ?? throw EngineException.NotFound($"network {record.Settings.NetworkMode} not found");
        var netns = paths.Netns(record.Id);

        // Ports other containers published hold no host socket, so reading them and reserving must not interleave
        // with another start doing the same.
        Directory.CreateDirectory(Path.GetDirectoryName(paths.PortsLock)!);
        using var portLock = await FileLock.AcquireAsync(paths.PortsLock, exclusive: true, cancellationToken).ConfigureAwait(false);
        var inUse = containers.List()
            .Where(c => c.Id != record.Id)
            .SelectMany(c => ToBindings(c.State.Ports))
            .ToList();
        var allocator = await HostPortAllocator.CreateAsync(cancellationToken).ConfigureAwait(false);
        using var reservation = allocator.Reserve(ToBindings(record.Settings.PortBindings), inUse);
        var ports = reservation.Bindings.Select(ToPublished).ToList();

        record = containers.Mutate(record.Id, r => r with { State = r.State with { NetnsPath = netns, Endpoints = [], Ports = ports } })!;
        await networks.CreateNamespaceAsync(netns, record.Id, cancellationToken).ConfigureAwait(false);
        var attachment = await networks.AttachAsync(record.Id, netns, network, record.Settings.IpAddress, record.Settings.Aliases,
            InterfaceName, Capabilities(ports), cancellationToken).ConfigureAwait(false);

        var endpoint = new NetworkEndpointRecord
        {
            NetworkId = attachment.NetworkId,
            NetworkName = attachment.NetworkName,
            InterfaceName = attachment.InterfaceName,
            IPAddress = attachment.IPAddress,
            PrefixLength = attachment.PrefixLength,
            Gateway = attachment.Gateway,
            MacAddress = attachment.MacAddress,
            Aliases = attachment.Aliases,
        };
        record = containers.Mutate(record.Id, r => r with { State = r.State with { Endpoints = [endpoint] } })!;
        await File.WriteAllTextAsync(Path.Combine(DataDir(record.Id), "hosts"), EtcFiles.Hosts(record.Settings.Hostname, endpoint.IPAddress), cancellationToken)
            .ConfigureAwait(false);
        return (record, netns);
    }

    /// <summary>
    /// Undoes <see cref="SetUpNetworkAsync"/>: CNI DEL first (the bridge plugin needs the namespace to find its rules),
    /// then the namespace. Safe to repeat, and works from whatever a dead or failed earlier run recorded.
    /// </summary>
    private async Task ReleaseNetworkAsync(string id, CancellationToken cancellationToken)
    {
        var record = containers.GetById(id);
        if (record is null || (record.State.NetnsPath is null && record.State.Endpoints.Count == 0))
        {
            return;
        }

        var netns = record.State.NetnsPath ?? paths.Netns(id);
        var network = networks is null ? null : FindNetwork(record);
        if (network is not null)
        {
            var capabilities = Capabilities(record.State.Ports);
            try
            {
                await networks!.DetachAsync(id, netns, network, InterfaceName, capabilities, cancellationToken).ConfigureAwait(false);
            }
            catch (EngineException)
            {
                // A plugin that cannot clean up inside the namespace must not keep the container from being removed:
                // delete the namespace and try once more, which still releases the address and the port rules.
                NetworkNamespace.Delete(netns);
                await networks!.DetachAsync(id, netns, network, InterfaceName, capabilities, cancellationToken).ConfigureAwait(false);
            }
        }

        NetworkNamespace.Delete(netns);
        containers.Mutate(id, r => r with { State = r.State with { NetnsPath = null, Endpoints = [], Ports = [] } });
    }

    private NetworkRecord? FindNetwork(ContainerRecord record)
    {
        foreach (var endpoint in record.State.Endpoints)
        {
            if (networks!.Repository.GetById(endpoint.NetworkId) is { } byId)
            {
                return byId;
            }
        }

        return networks!.Repository.GetByName(record.Settings.NetworkMode);
    }

    private static Dictionary<string, JsonNode> Capabilities(IReadOnlyList<PublishedPort> ports)
    {
        var capabilities = new Dictionary<string, JsonNode>();
        if (ports.Count > 0)
        {
            capabilities["portMappings"] = PortMappingConfig.ToCniRuntimeConfig(ToBindings(ports))["portMappings"]!.DeepClone();
        }

        return capabilities;
    }
}
