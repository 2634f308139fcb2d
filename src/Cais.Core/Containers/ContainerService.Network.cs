using Cais.Common;
using Cais.Containers.State;
using Cais.Linux;
using Cais.Metadata;
using Cais.Network;
using Cais.Network.Ports;
using Cais.Network.Sandbox;

namespace Cais.Containers;

public sealed partial class ContainerService
{
    private const string ContainerModePrefix = "container:";

    /// <summary>
    /// Tells the embedded resolver that endpoints on user-defined networks changed (it starts, reloads or retires).
    /// Unset in tests of the container service alone.
    /// </summary>
    public Func<CancellationToken, Task>? ResolverSync { get; init; }

    private NetworkSandboxes? _sandboxes;

    /// <summary>The network module's sandboxes; a container's sandbox ID is its container ID.</summary>
    private NetworkSandboxes Sandboxes =>
        _sandboxes ??= new NetworkSandboxes(networks, new NetworkSandboxOptions { NamespaceDirectory = paths.NetnsDir, PortsLockPath = paths.PortsLock });

    /// <summary>Whether a network mode gives the container its own namespace on bridge networks (not none, host or container:).</summary>
    public static bool IsBridgeMode(string networkMode)
    {
        ArgumentNullException.ThrowIfNull(networkMode);
        return networkMode is not ("none" or "host") && !IsContainerMode(networkMode);
    }

    /// <summary>"container:NAME|ID": the container joins another one's network namespace.</summary>
    public static bool IsContainerMode(string networkMode)
    {
        ArgumentNullException.ThrowIfNull(networkMode);
        return networkMode.StartsWith(ContainerModePrefix, StringComparison.Ordinal);
    }

    /// <summary>The network published ports of a container (allocated host ports), as the port library takes them.</summary>
    public static IReadOnlyList<PortBinding> ToBindings(IEnumerable<PublishedPort> ports) =>
        ports.Select(p => new PortBinding(p.HostIp, p.HostPort, p.ContainerPort, ParseProtocol(p.Protocol), p.HostPortEnd)).ToList();

    internal static PublishedPort ToPublished(PortBinding b) => new()
    {
        HostIp = b.HostIp,
        HostPort = b.HostPort,
        HostPortEnd = b.HostPortEnd,
        ContainerPort = b.ContainerPort,
        Protocol = b.Protocol.ToName(),
    };

    private static PortProtocol ParseProtocol(string name) => PortProtocols.TryParse(name, out var p) ? p : PortProtocol.Tcp;

    /// <summary>
    /// Turns the --network values into the mode stored in the record and the networks to join, with Docker's errors:
    /// unknown networks, none/host/container: mixed with others, --ip outside user-defined networks.
    /// </summary>
    private async Task<(string Mode, IReadOnlyList<NetworkRequest> Networks)> ResolveNetworksAsync(CreateOptions options, CancellationToken cancellationToken)
    {
        var first = options.NetworkMode is "default" or "" ? NetworkRecord.DefaultName : options.NetworkMode;
        var special = !IsBridgeMode(first);
        if (options.AdditionalNetworks.Count > 0 && (special || options.AdditionalNetworks.Any(n => !IsBridgeMode(n.Network))))
        {
            throw EngineException.Invalid("conflicting options: cannot attach both user-defined and non-user-defined network-modes");
        }

        if (special)
        {
            if (options.IpAddress is not null)
            {
                throw EngineException.Invalid("user specified IP address is supported on user defined networks only");
            }

            if (options.Aliases.Count > 0)
            {
                throw EngineException.Invalid("network-scoped alias is supported only for containers in user defined networks");
            }

            if (IsContainerMode(first))
            {
                var target = first[ContainerModePrefix.Length..];
                var joined = containers.Find(target) ?? throw NoSuchContainer(target);
                if (options.Publish.Count > 0 || options.PublishAll)
                {
                    throw EngineException.Invalid("conflicting options: port publishing and the container type network mode");
                }

                if (options.Hostname is not null)
                {
                    throw EngineException.Invalid("conflicting options: hostname and the network mode");
                }

                if (options.Dns.Count > 0 || options.DnsSearch.Count > 0 || options.DnsOptions.Count > 0)
                {
                    throw EngineException.Invalid("conflicting options: dns and the network mode");
                }

                if (options.ExtraHosts.Count > 0)
                {
                    throw EngineException.Invalid("conflicting options: custom host-to-IP mapping and the network mode");
                }

                return (ContainerModePrefix + joined.Id, []);
            }

            return (first, []);
        }

        var requests = new List<NetworkRequest>();
        foreach (var request in new[] { new NetworkRequest { Network = first, IpAddress = options.IpAddress, Aliases = options.Aliases } }
                     .Concat(options.AdditionalNetworks))
        {
            var network = await FindNetworkAsync(request.Network, cancellationToken).ConfigureAwait(false);
            if (requests.Any(r => r.Network == network.Name))
            {
                throw EngineException.Invalid($"network {network.Name} is given more than once");
            }

            if (network.Name == NetworkRecord.DefaultName && request.IpAddress is not null)
            {
                throw EngineException.Invalid("user specified IP address is supported on user defined networks only");
            }

            if (network.Name == NetworkRecord.DefaultName && request.Aliases.Count > 0)
            {
                throw EngineException.Invalid("network-scoped alias is supported only for containers in user defined networks");
            }

            if (request.IpAddress is not null && !Ipv4Cidr.TryParseAddress(request.IpAddress, out _))
            {
                throw EngineException.Invalid($"invalid IPv4 address: {request.IpAddress}");
            }

            requests.Add(request with { Network = network.Name });
        }

        return (requests[0].Network, requests);
    }

    /// <summary>A network by name, ID or ID prefix; "bridge" is created on first use. Docker's "network X not found" otherwise.</summary>
    private async Task<NetworkRecord> FindNetworkAsync(string idOrName, CancellationToken cancellationToken)
    {
        if (networks is null)
        {
            throw EngineException.NotFound($"network {idOrName} not found");
        }

        if (idOrName == NetworkRecord.DefaultName)
        {
            return await networks.EnsureDefaultBridgeAsync(cancellationToken).ConfigureAwait(false);
        }

        return networks.Repository.Find(idOrName) ?? throw EngineException.NotFound($"network {idOrName} not found");
    }

    /// <summary>Holds the requested networks against removal (Docker's "network X not found" if one went meanwhile).</summary>
    private async Task<NetworkHold?> HoldNetworksAsync(IReadOnlyList<NetworkRequest> requests, CancellationToken cancellationToken)
    {
        if (networks is null || requests.Count == 0)
        {
            return null;
        }

        var records = new List<NetworkRecord>();
        foreach (var request in requests)
        {
            records.Add(await FindNetworkAsync(request.Network, cancellationToken).ConfigureAwait(false));
        }

        return await networks.HoldAsync(records, cancellationToken).ConfigureAwait(false);
    }

    private static (IReadOnlyList<PublishedPort> Bindings, IReadOnlyList<string> Exposed) ResolvePorts(
        CreateOptions options, string mode, IReadOnlyDictionary<string, Oci.Image.EmptyObject>? imageExposed)
    {
        var explicitBindings = options.Publish;
        // --expose adds to the image's exposed ports, and -P publishes them all.
        var allExposed = ExposedPorts.Merge(imageExposed, options.Expose);
        var exposed = ExposedPorts.FromImage(allExposed).Select(b => b.ContainerKey).ToList();
        if (!IsBridgeMode(mode))
        {
            // Docker discards published ports with host networking (and none has nothing to publish to).
            return ([], exposed);
        }

        var bindings = options.PublishAll ? ExposedPorts.PublishAll(allExposed, explicitBindings) : explicitBindings;
        exposed.AddRange(bindings.Select(b => b.ContainerKey).Where(k => !exposed.Contains(k)));
        return (bindings.Select(ToPublished).ToList(), exposed);
    }

    /// <summary>
    /// The namespace a starting container joins: its own sandbox's for bridge mode (the path recorded before the sandbox
    /// is made, so that cleanup finds it whatever fails later), the other container's sandbox for container: mode, none
    /// for host and none mode (the spec generator makes an empty one for none).
    /// </summary>
    private async Task<(ContainerRecord Record, string? NetnsPath)> PrepareNetworkNamespaceAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        var mode = record.Settings.NetworkMode;
        if (IsContainerMode(mode))
        {
            // Read, not locked: this start holds its own container's lock, and never waits for a second one.
            var target = ReadWithoutLock(mode[ContainerModePrefix.Length..]);
            ContainerTransitions.Ensure(ContainerOperation.ShareNetworkNamespace, target, target.Id);

            return (record, target.State.NetnsPath ?? $"/proc/{target.State.Pid}/ns/net");
        }

        if (!IsBridgeMode(mode))
        {
            return (record, null);
        }

        var netns = Sandboxes.NamespacePath(record.Id);
        record = containers.Mutate(record.Id, r => r with { State = r.State with { NetnsPath = netns, Endpoints = [], Ports = [] } })!;
        await Sandboxes.EnsureAsync(record.Id, cancellationToken).ConfigureAwait(false);
        return (record, netns);
    }

    /// <summary>
    /// Publishes the container's ports in its sandbox (recorded in its record); null when it publishes none. The caller
    /// hands the sockets to the container's monitor, which holds them while the container runs, and disposes the
    /// reservation once the monitor has them (or the start failed).
    /// </summary>
    private Task<PortReservation?> ReservePortsAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        if (record.Settings.PortBindings.Count == 0 || record.Settings.Networks.Count == 0)
        {
            return Task.FromResult<PortReservation?>(null);
        }

        return Sandboxes.PublishPortsAsync(record.Id, ToBindings(record.Settings.PortBindings), new ContainerPortRecords(containers), cancellationToken);
    }

    /// <summary>
    /// Joins every requested network (CNI ADD) and publishes the ports <see cref="ReservePortsAsync"/> recorded on the
    /// first. Runs while the runtime creates the container, which is why it re-reads the record and changes it only
    /// through <see cref="ContainerRepository.Mutate"/>.
    /// </summary>
    private async Task AttachNetworksAsync(string id, string netns, CancellationToken cancellationToken)
    {
        var record = containers.GetById(id) ?? throw NoSuchContainer(id);
        var requests = record.Settings.Networks;
        var ports = ToBindings(record.State.Ports);
        var attached = new List<string>();
        foreach (var request in requests)
        {
            var network = await FindNetworkAsync(request.Network, cancellationToken).ConfigureAwait(false);
            attached.Add((await AttachOneAsync(id, netns, network, request, attached, ports, cancellationToken).ConfigureAwait(false)).InterfaceName);
        }

        record = containers.GetById(id) ?? throw NoSuchContainer(id);
        await WriteHostsAsync(record, cancellationToken).ConfigureAwait(false);
        await SyncResolverAsync(record.State.Endpoints, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Attaches the container's sandbox to one network, on the next free interface, and records the endpoint.</summary>
    private async Task<NetworkEndpointRecord> AttachOneAsync(string id, string netns, NetworkRecord network, NetworkRequest request,
        IReadOnlyCollection<string> takenInterfaces, IReadOnlyList<PortBinding> ports, CancellationToken cancellationToken)
    {
        var endpointRequest = new SandboxEndpointRequest { Network = network, IpAddress = request.IpAddress, Aliases = request.Aliases };
        var attachment = await Sandboxes.AttachAsync(id, netns, endpointRequest, takenInterfaces, ports, cancellationToken).ConfigureAwait(false);
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
        containers.Mutate(id, r => r with { State = r.State with { Endpoints = [.. r.State.Endpoints, endpoint] } });
        return endpoint;
    }

    /// <summary>
    /// Tears the container's sandbox down from whatever a dead or failed earlier run recorded (see
    /// <see cref="INetworkSandboxes.TearDownAsync"/>), then forgets it. Safe to repeat.
    /// </summary>
    private async Task ReleaseNetworkAsync(string id, CancellationToken cancellationToken)
    {
        var record = containers.GetById(id);
        if (record is null || (record.State.NetnsPath is null && record.State.Endpoints.Count == 0))
        {
            return;
        }

        await Sandboxes.TearDownAsync(new SandboxTeardown
        {
            SandboxId = id,
            NamespacePath = record.State.NetnsPath,
            Endpoints = record.State.Endpoints.Select(e => new SandboxEndpointRef(e.NetworkId, e.InterfaceName)).ToList(),
            RequestedNetworks = record.Settings.Networks.Select(n => n.Network).ToList(),
            PublishedPorts = ToBindings(record.State.Ports),
        }, cancellationToken).ConfigureAwait(false);
        containers.Mutate(id, r => r with { State = r.State with { NetnsPath = null, Endpoints = [], Ports = [] } });
        await SyncResolverAsync(record.State.Endpoints, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Only endpoints on user-defined networks concern the resolver; the default bridge resolves no names.</summary>
    private async Task SyncResolverAsync(IReadOnlyList<NetworkEndpointRecord> endpoints, CancellationToken cancellationToken)
    {
        if (ResolverSync is not null && endpoints.Any(e => e.NetworkName != NetworkRecord.DefaultName))
        {
            await ResolverSync(cancellationToken).ConfigureAwait(false);
        }
    }
}
