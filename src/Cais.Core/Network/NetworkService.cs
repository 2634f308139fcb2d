using System.Text.Json.Nodes;
using Cais.Common;
using Cais.Linux;
using Cais.Metadata;

namespace Cais.Network;

/// <summary>
/// Bridge networks: their records, and attaching container network namespaces to them through the CNI plugins.
/// Stateless between calls (all state is in the database and under the state directory), so several cais
/// processes can use it at once.
/// </summary>
public sealed partial class NetworkService : INetworkService
{
    private readonly NetworkServiceOptions _options;
    private readonly CniInvoker _cni;
    private readonly IpTool _ip;

    public NetworkService(MetadataStore store, NetworkServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Repository = new NetworkRepository(store);
        _cni = new CniInvoker(options.PluginDirectory, options.PluginTimeout, options.Commands, options.Logger);
        _ip = new IpTool(options.Commands);
    }

    public NetworkRepository Repository { get; }

    /// <summary>host-local's dataDir: one subdirectory per network name, one file per allocated address.</summary>
    public string IpamDirectory => Path.Combine(_options.StateDirectory, "ipam");

    private string CacheDirectory => Path.Combine(_options.StateDirectory, "cache");

    /// <summary>host-local's dataDir for a network: the default bridge's allocations are host-wide, like its device.</summary>
    public string IpamDirectoryFor(NetworkRecord network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.BridgeName == NetworkRecord.DefaultBridge ? Path.Combine(_options.HostStateDirectory, "ipam") : IpamDirectory;
    }

    private string HostLockPath => Path.Combine(_options.HostStateDirectory, "bridges.lock");

    /// <summary>The state roots that use cais0 (see <see cref="SharedBridgeUsers"/> for who counts and why).</summary>
    public SharedBridgeUsers DefaultBridgeUsers => new(Path.Combine(_options.HostStateDirectory, "bridge-users"));

    /// <summary>
    /// Takes cais0 down with its rules (and its host-wide address allocations and probe stamp) when no state root uses it
    /// any more and no container is on it. Called when a container leaves the default bridge and the bridge then has no
    /// port left: the moment a daemonless engine can notice that the roots it was shared by are gone. A root that still
    /// exists keeps it, as Docker's daemon keeps docker0; so the teardown is rare, and costs nothing when ports remain.
    /// </summary>
    public async Task ReleaseDefaultBridgeIfUnusedAsync(NetworkRecord network, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.BridgeName != NetworkRecord.DefaultBridge || BridgeHasPorts(network.BridgeName) || !Directory.Exists(_options.HostStateDirectory))
        {
            return;
        }

        using var hostLock = await AcquireHostLockAsync(cancellationToken).ConfigureAwait(false);
        if ((await DefaultBridgeUsers.PruneAsync(cancellationToken).ConfigureAwait(false)).Count > 0 || BridgeHasPorts(network.BridgeName))
        {
            return;
        }

        await TearDownAsync(network, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes what a network has on the host: its rules first (a rule naming a bridge that is gone is a leak, see
    /// scripts/leak-check.sh), the probe stamp, the bridge, and its address allocations.
    /// </summary>
    private async Task TearDownAsync(NetworkRecord network, CancellationToken cancellationToken)
    {
        if (_options.Firewall is { } firewall)
        {
            await firewall.RemoveAsync(network, cancellationToken).ConfigureAwait(false);
        }

        if (File.Exists(RulesStampPath(network)))
        {
            File.Delete(RulesStampPath(network));
        }

        if (_options.ManageBridgeDevices)
        {
            await DeleteBridgeAsync(network.BridgeName, cancellationToken).ConfigureAwait(false);
        }

        var ipam = Path.Combine(IpamDirectoryFor(network), network.Name);
        if (Directory.Exists(ipam))
        {
            Directory.Delete(ipam, recursive: true);
        }
    }

    /// <summary>Whether any interface (a container's veth) is enslaved to the bridge: one readdir of sysfs.</summary>
    private bool BridgeHasPorts(string bridge)
    {
        var ports = $"/sys/class/net/{bridge}/brif";
        return _options.ManageBridgeDevices && Directory.Exists(ports) && Directory.EnumerateFileSystemEntries(ports).Any();
    }

    /// <summary>
    /// The host-wide lock under which bridges come up and subnets are chosen: whoever holds it sees every other state
    /// root's bridges, and their routes, complete.
    /// </summary>
    private Task<FileLock> AcquireHostLockAsync(CancellationToken cancellationToken) =>
        FileLock.AcquireAsync(HostLockPath, exclusive: true, cancellationToken);

    /// <summary>Per network: attaching a container holds it shared, removal exclusive (see <see cref="HoldAsync"/>).</summary>
    private string NetworkLockPath(string networkId) => Path.Combine(_options.StateDirectory, "locks", networkId);

    /// <summary>
    /// The predefined "bridge" network on cais0, created on first use. cais0 is one device for the whole host, so the
    /// first state root to need it brings it up with a free subnet (under a host-wide lock) and every other root adopts
    /// that subnet: two roots must never hand out addresses of different subnets on one bridge.
    /// </summary>
    public async Task<NetworkRecord> EnsureDefaultBridgeAsync(CancellationToken cancellationToken)
    {
        // The stat of this root's user file is all the hot path pays for counting the users of cais0.
        if (Repository.GetByName(NetworkRecord.DefaultName) is { } existing && DefaultBridgeUsers.IsRegistered(_options.StateDirectory))
        {
            return existing;
        }

        Directory.CreateDirectory(_options.HostStateDirectory);
        using var hostLock = await AcquireHostLockAsync(cancellationToken).ConfigureAwait(false);
        await DefaultBridgeUsers.PruneAsync(cancellationToken).ConfigureAwait(false);
        await DefaultBridgeUsers.RegisterAsync(_options.StateDirectory, cancellationToken).ConfigureAwait(false);
        if (Repository.GetByName(NetworkRecord.DefaultName) is { } raced)
        {
            return raced;
        }

        var existingAddress = _options.ManageBridgeDevices
            ? await BridgeAddressAsync(NetworkRecord.DefaultBridge, cancellationToken).ConfigureAwait(false)
            : null;
        NetworkRecord record;
        try
        {
            record = await CreateAsync(new NetworkCreateRequest
            {
                Name = NetworkRecord.DefaultName,
                BridgeName = NetworkRecord.DefaultBridge,
                Subnet = existingAddress is { } cidr ? cidr.Network.ToString() : null,
                Gateway = existingAddress?.Gateway,
            }, hostLockHeld: true, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException e) when (e.Kind == ErrorKind.Conflict && Repository.GetByName(NetworkRecord.DefaultName) is { } other)
        {
            // Another cais process of this root created it between our lookup and insert.
            return other;
        }

        return record;
    }

    public async Task<NetworkRecord> CreateAsync(NetworkCreateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Driver != "bridge")
        {
            throw EngineException.NotFound($"plugin \"{request.Driver}\" not found");
        }

        if (request.Name is "none" or "host")
        {
            throw new EngineException(ErrorKind.PermissionDenied, $"operation is not permitted on predefined {request.Name} network ");
        }

        return Emitted(Events.EventActions.Create, await CreateAsync(request, hostLockHeld: false, cancellationToken).ConfigureAwait(false));
    }

    private async Task<NetworkRecord> CreateAsync(NetworkCreateRequest request, bool hostLockHeld, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsValidName(request.Name))
        {
            throw EngineException.Invalid($"invalid network name \"{request.Name}\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }

        // The subnet is chosen, and the bridge that claims it on the host comes up, under the host-wide lock: a create
        // running at the same time, on this state root or another, then sees this network's route before it chooses.
        using var hostLock = hostLockHeld || !_options.ManageBridgeDevices ? null : await AcquireHostLockAsync(cancellationToken).ConfigureAwait(false);
        if (Repository.GetByName(request.Name) is not null)
        {
            throw EngineException.Conflict($"network with name {request.Name} already exists");
        }

        var existing = Repository.List();
        Ipv4Cidr subnet;
        if (request.Subnet is null)
        {
            var routes = await (_options.RouteSource ?? HostRoutes.ReadAsync)(cancellationToken).ConfigureAwait(false);
            subnet = SubnetAllocator.Choose(existing.Select(n => Ipv4Cidr.Parse(n.Subnet)), routes);
        }
        else
        {
            subnet = Ipv4Cidr.Parse(request.Subnet);
            if (subnet.PrefixLength > 30)
            {
                throw EngineException.Invalid($"subnet {request.Subnet} is too small for a bridge network");
            }

            if (SubnetAllocator.FirstOverlap(subnet, existing.Select(n => Ipv4Cidr.Parse(n.Subnet))) is { } clash)
            {
                throw EngineException.Conflict($"invalid pool request: Pool overlaps with other one on this address space ({clash})");
            }
        }

        var gateway = subnet.FirstHost;
        if (request.Gateway is not null)
        {
            if (!Ipv4Cidr.TryParseAddress(request.Gateway, out gateway) || !subnet.Contains(gateway) || gateway == subnet.Address || gateway == subnet.Broadcast)
            {
                throw EngineException.Invalid($"gateway {request.Gateway} is not a host address of subnet {subnet}");
            }
        }

        var id = Ids.NewId();
        var bridge = request.BridgeName ?? NetworkRecord.BridgeNameFor(id);
        if (bridge.Length is 0 or > 15 || bridge.Contains('/', StringComparison.Ordinal) || bridge.Any(char.IsWhiteSpace))
        {
            throw EngineException.Invalid($"invalid bridge name \"{bridge}\"");
        }

        if (existing.Any(n => n.BridgeName == bridge))
        {
            throw EngineException.Conflict($"bridge {bridge} is already used by another network");
        }

        var record = new NetworkRecord
        {
            Id = id,
            Name = request.Name,
            Subnet = subnet.ToString(),
            Gateway = Ipv4Cidr.FormatAddress(gateway),
            BridgeName = bridge,
            Internal = request.Internal,
            Labels = request.Labels,
            Created = DateTimeOffset.UtcNow,
        };
        Repository.Insert(record);
        try
        {
            // Docker brings the bridge up at create; so do we, which also claims the subnet on this host (its route
            // is what other state roots' subnet choice avoids).
            await EnsureBridgeAsync(record, hostLockHeld: true, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Repository.Delete(record.Id);
            throw;
        }

        return record;
    }

    /// <summary>
    /// Brings the network's bridge up with its gateway address, and its NAT and filter rules, when the device is missing
    /// (first use since boot, or a new network) or the rules were flushed under it (a firewall reload). Every attach
    /// calls it; when all is in place it costs a stat and two iptables checks, run while the runtime creates the container.
    /// </summary>
    public async Task EnsureBridgeAsync(NetworkRecord network, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (IpTool.LinkExists(network.BridgeName) && await RulesInPlaceAsync(network, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await EnsureBridgeAsync(network, hostLockHeld: false, cancellationToken).ConfigureAwait(false);
        TouchRulesStamp(network);
    }

    /// <summary>Where the time of the last check of a network's rules is kept (its modification time), host-wide.</summary>
    public string RulesStampPath(NetworkRecord network)
    {
        ArgumentNullException.ThrowIfNull(network);
        // Keyed by bridge: the default network is one bridge (and one set of rules) for every state root.
        return Path.Combine(_options.HostStateDirectory, "firewall", network.BridgeName);
    }

    /// <summary>
    /// Probes the firewall at most once per <see cref="NetworkServiceOptions.FirewallProbeInterval"/> per network: two
    /// iptables processes on every start would compete with runc for the CPU, and a reload is rare.
    /// </summary>
    private async Task<bool> RulesInPlaceAsync(NetworkRecord network, CancellationToken cancellationToken)
    {
        if (!_options.ManageBridgeDevices || _options.Firewall is not { } firewall)
        {
            return true;
        }

        var stamp = RulesStampPath(network);
        if (File.Exists(stamp) && DateTime.UtcNow - File.GetLastWriteTimeUtc(stamp) < _options.FirewallProbeInterval)
        {
            return true;
        }

        if (!await firewall.IsInPlaceAsync(network, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        TouchRulesStamp(network);
        return true;
    }

    private void TouchRulesStamp(NetworkRecord network)
    {
        if (!_options.ManageBridgeDevices || _options.Firewall is null)
        {
            return;
        }

        var stamp = RulesStampPath(network);
        Directory.CreateDirectory(Path.GetDirectoryName(stamp)!);
        File.WriteAllBytes(stamp, []);
    }

    private async Task EnsureBridgeAsync(NetworkRecord network, bool hostLockHeld, CancellationToken cancellationToken)
    {
        if (!_options.ManageBridgeDevices)
        {
            return;
        }

        var hostLock = hostLockHeld ? null : await AcquireHostLockAsync(cancellationToken).ConfigureAwait(false);

        try
        {
            var prefix = Ipv4Cidr.Parse(network.Subnet).PrefixLength;
            if (!IpTool.LinkExists(network.BridgeName))
            {
                await _ip.RunAsync(["link", "add", network.BridgeName, "type", "bridge"], check: true, cancellationToken).ConfigureAwait(false);
                try
                {
                    await _ip.RunAsync(["addr", "add", $"{network.Gateway}/{prefix}", "dev", network.BridgeName], check: true, cancellationToken)
                        .ConfigureAwait(false);
                    await _ip.RunAsync(["link", "set", network.BridgeName, "up"], check: true, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await DeleteBridgeAsync(network.BridgeName, CancellationToken.None).ConfigureAwait(false);
                    throw;
                }
            }

            if (_options.Firewall is { } firewall)
            {
                await firewall.EnsureAsync(network, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            hostLock?.Dispose();
        }
    }

    public IReadOnlyList<NetworkRecord> List() => Repository.List();

    public NetworkRecord Inspect(string idOrName) =>
        Repository.Find(idOrName) ?? throw EngineException.NotFound($"network {idOrName} not found");

    /// <summary>
    /// Holds the networks against removal until disposed, and fails with Docker's "network X not found" if one is
    /// already gone. A container's record must name a network (or its endpoint be recorded) before the hold ends: that
    /// is what <see cref="RemoveAsync(string, Func{NetworkRecord, IReadOnlyCollection{string}}, CancellationToken)"/>
    /// checks under its exclusive hold, so one of the two always sees the other. The default bridge is never removed
    /// and needs no hold.
    /// </summary>
    public async Task<NetworkHold> HoldAsync(IReadOnlyList<NetworkRecord> networks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(networks);
        var hold = new NetworkHold();
        try
        {
            foreach (var network in networks.Where(n => n.Name != NetworkRecord.DefaultName))
            {
                var path = NetworkLockPath(network.Id);
                hold.Add(await FileLock.AcquireAsync(path, exclusive: false, cancellationToken).ConfigureAwait(false));
                if (Repository.GetById(network.Id) is null)
                {
                    // Removed before we got here: nobody will ever hold this ID again, so its lock file can go.
                    hold.Dispose();
                    File.Delete(path);
                    throw EngineException.NotFound($"network {network.Name} not found");
                }
            }
        }
        catch
        {
            hold.Dispose();
            throw;
        }

        return hold;
    }

    /// <summary>
    /// Removes a network and its bridge device and address allocations. <paramref name="containersUsing"/> are the
    /// containers the caller knows to be attached; removal is refused while there are any.
    /// </summary>
    public Task RemoveAsync(string idOrName, IReadOnlyCollection<string> containersUsing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(containersUsing);
        return RemoveAsync(idOrName, _ => containersUsing, cancellationToken);
    }

    /// <summary>
    /// Removes every user-defined network no container uses (Docker's `network prune`); a network that comes into use,
    /// or is removed by someone else, while this runs is skipped. Returns the names of the networks removed.
    /// </summary>
    public Task<IReadOnlyList<string>> PruneAsync(Func<NetworkRecord, IReadOnlyCollection<string>> containersUsing, CancellationToken cancellationToken) =>
        PruneAsync(containersUsing, _ => true, cancellationToken);

    /// <summary>The prune, limited to the networks <paramref name="selected"/> (the prune filters) picks.</summary>
    public async Task<IReadOnlyList<string>> PruneAsync(Func<NetworkRecord, IReadOnlyCollection<string>> containersUsing, Func<NetworkRecord, bool> selected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selected);
        var deleted = new List<string>();
        foreach (var network in List().Where(n => n.Name != NetworkRecord.DefaultName).Where(selected))
        {
            try
            {
                await RemoveAsync(network.Id, containersUsing, cancellationToken).ConfigureAwait(false);
                deleted.Add(network.Name);
            }
            catch (EngineException e) when (e.Kind is ErrorKind.Conflict or ErrorKind.NotFound)
            {
                // In use (perhaps since a moment ago), or removed by someone else meanwhile: not ours to prune.
            }
        }

        return deleted;
    }

    /// <summary>
    /// Removes a network unless <paramref name="containersUsing"/> names a container on it. That is asked under the
    /// network's exclusive lock, which attachments hold shared until they are recorded (<see cref="HoldAsync"/>): a
    /// container is either seen here and the removal refused, or finds the network gone.
    /// </summary>
    public async Task RemoveAsync(string idOrName, Func<NetworkRecord, IReadOnlyCollection<string>> containersUsing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(containersUsing);
        if (idOrName is "none" or "host")
        {
            throw new EngineException(ErrorKind.PermissionDenied, $"{idOrName} is a pre-defined network and cannot be removed");
        }

        var network = Inspect(idOrName);
        if (network.Name == NetworkRecord.DefaultName)
        {
            throw new EngineException(ErrorKind.PermissionDenied, $"{network.Name} is a pre-defined network and cannot be removed");
        }

        var lockPath = NetworkLockPath(network.Id);
        using var exclusive = await FileLock.AcquireAsync(lockPath, exclusive: true, cancellationToken).ConfigureAwait(false);
        if (Repository.GetById(network.Id) is null)
        {
            // Another removal won while we waited (and may have deleted the file we hold, or we created it anew).
            File.Delete(lockPath);
            throw EngineException.NotFound($"network {idOrName} not found");
        }

        if (containersUsing(network).Count > 0)
        {
            throw EngineException.Conflict($"error while removing network: network {network.Name} id {network.Id} has active endpoints");
        }

        await TearDownAsync(network, cancellationToken).ConfigureAwait(false);
        Repository.Delete(network.Id);
        Emitted(Events.EventActions.Destroy, network);
        // Waiters on the old file find the network gone once they get it, and so does anyone who creates a new one.
        File.Delete(lockPath);
    }

    /// <summary>Creates a network namespace at <paramref name="path"/> with its loopback interface up.</summary>
    public static void CreateNamespace(string path) => NetworkNamespace.Create(path);

    /// <summary>
    /// Connects the namespace to the network with a veth pair on its bridge and an address from its subnet
    /// (<paramref name="ipAddress"/> if given). The ADD result is cached for the DEL that <see cref="DetachAsync"/> runs.
    /// </summary>
    public Task<NetworkAttachment> AttachAsync(string containerId, string netnsPath, NetworkRecord network, string? ipAddress,
        IReadOnlyList<string> aliases, string interfaceName, CancellationToken cancellationToken) =>
        AttachAsync(containerId, netnsPath, network, ipAddress, aliases, interfaceName, null, cancellationToken);

    /// <summary>
    /// <see cref="AttachAsync(string, string, NetworkRecord, string?, IReadOnlyList{string}, string, CancellationToken)"/>
    /// with CNI capability arguments, e.g. "portMappings" for the portmap plugin. Pass the same ones to DetachAsync.
    /// </summary>
    public async Task<NetworkAttachment> AttachAsync(string containerId, string netnsPath, NetworkRecord network, string? ipAddress,
        IReadOnlyList<string> aliases, string interfaceName, IReadOnlyDictionary<string, JsonNode>? capabilities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(aliases);
        await EnsureBridgeAsync(network, cancellationToken).ConfigureAwait(false);
        var subnet = Ipv4Cidr.Parse(network.Subnet);
        var cniArgs = new List<KeyValuePair<string, string>>();
        if (ipAddress is not null)
        {
            if (!Ipv4Cidr.TryParseAddress(ipAddress, out var requested) || !subnet.Contains(requested))
            {
                throw EngineException.Invalid($"invalid IPv4 address {ipAddress}: not in subnet {network.Subnet} of network {network.Name}");
            }

            cniArgs.Add(new("IP", Ipv4Cidr.FormatAddress(requested)));
        }

        var args = new CniRuntimeArgs
        {
            ContainerId = containerId,
            NetnsPath = netnsPath,
            InterfaceName = interfaceName,
            Args = cniArgs,
            Capabilities = capabilities ?? new Dictionary<string, JsonNode>(),
        };
        var result = await _cni.AddListAsync(ConfigFor(network, args.Capabilities), args, cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(CacheDirectory);
            var cache = CachePath(containerId, network, interfaceName);
            await File.WriteAllTextAsync(cache + ".tmp", CniInvoker.ToJson(result).ToJsonString(), cancellationToken).ConfigureAwait(false);
            File.Move(cache + ".tmp", cache, overwrite: true);
            return ToAttachment(Emitted(Events.EventActions.Connect, network, containerId), interfaceName, netnsPath, aliases, result);
        }
        catch
        {
            await DetachAsync(containerId, netnsPath, network, interfaceName, capabilities, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs DEL for the whole list (reverse order) and drops the cached result. Safe to repeat. With the namespace
    /// already deleted (the fast way to tear down a stopped container: the kernel drops its veths with it) the plugins
    /// only release the address and the port rules; with it present, the bridge plugin also deletes the interface.
    /// </summary>
    public Task DetachAsync(string containerId, string netnsPath, NetworkRecord network, string interfaceName, CancellationToken cancellationToken) =>
        DetachAsync(containerId, netnsPath, network, interfaceName, null, cancellationToken);

    /// <summary>DEL with the capability arguments the ADD had: portmap removes its rules only when it is told the mappings.</summary>
    public async Task DetachAsync(string containerId, string netnsPath, NetworkRecord network, string interfaceName,
        IReadOnlyDictionary<string, JsonNode>? capabilities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        var cache = CachePath(containerId, network, interfaceName);
        JsonNode? prevResult = null;
        if (File.Exists(cache))
        {
            prevResult = JsonNode.Parse(await File.ReadAllTextAsync(cache, cancellationToken).ConfigureAwait(false));
        }

        // The spec makes CNI_NETNS optional for DEL; a vanished namespace must not block releasing the address.
        var args = new CniRuntimeArgs
        {
            ContainerId = containerId,
            NetnsPath = File.Exists(netnsPath) ? netnsPath : "",
            InterfaceName = interfaceName,
            Capabilities = capabilities ?? new Dictionary<string, JsonNode>(),
        };
        await _cni.DelListAsync(ConfigFor(network, args.Capabilities), args, prevResult, cancellationToken).ConfigureAwait(false);
        if (File.Exists(cache))
        {
            File.Delete(cache);
            Emitted(Events.EventActions.Disconnect, network, containerId);
        }
    }

    /// <summary>Like container names, but a single character is allowed (Docker accepts "network create a").</summary>
    internal static bool IsValidName(string name) =>
        name.Length > 0 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    internal static NetworkAttachment ToAttachment(NetworkRecord network, string interfaceName, string netnsPath, IReadOnlyList<string> aliases, CniResult result)
    {
        var ip = result.Ips.FirstOrDefault(i => i.Interface is { } index && index < result.Interfaces.Count && result.Interfaces[index].Sandbox == netnsPath)
            ?? result.Ips.FirstOrDefault()
            ?? throw new EngineException(ErrorKind.Unknown, $"CNI plugins assigned no address on network {network.Name}");
        var cidr = ip.Address.Split('/');
        var mac = ip.Interface is { } i && i < result.Interfaces.Count ? result.Interfaces[i].Mac ?? "" : "";
        return new NetworkAttachment
        {
            NetworkId = network.Id,
            NetworkName = network.Name,
            InterfaceName = interfaceName,
            IPAddress = cidr[0],
            PrefixLength = cidr.Length > 1 && int.TryParse(cidr[1], System.Globalization.CultureInfo.InvariantCulture, out var prefix) ? prefix : 32,
            Gateway = ip.Gateway ?? network.Gateway,
            MacAddress = mac,
            Aliases = aliases,
            Nameserver = Dns.ResolverUsage.NameserverOf(network),
        };
    }

    private JsonObject ConfigFor(NetworkRecord network, IReadOnlyDictionary<string, JsonNode> capabilities) =>
        BridgeNetworkConfig.Build(network, IpamDirectoryFor(network), publishesPorts: capabilities.ContainsKey("portMappings"));

    private string CachePath(string containerId, NetworkRecord network, string interfaceName) =>
        Path.Combine(CacheDirectory, $"{containerId}-{network.Id}-{interfaceName}.json");

    /// <summary>The first IPv4 address of an existing bridge device ("10.88.0.1/16"), or null when there is none.</summary>
    private async Task<(Ipv4Cidr Network, string Gateway)?> BridgeAddressAsync(string bridge, CancellationToken cancellationToken)
    {
        if (!IpTool.LinkExists(bridge))
        {
            return null;
        }

        var (exitCode, output) = await _ip.RunAsync(["-4", "-o", "addr", "show", "dev", bridge], check: false, cancellationToken).ConfigureAwait(false);
        var fields = output.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var inet = Array.IndexOf(fields, "inet");
        if (exitCode != 0 || inet < 0 || inet + 1 >= fields.Length || !Ipv4Cidr.TryParse(fields[inet + 1], out var network))
        {
            return null;
        }

        return (network, fields[inet + 1].Split('/')[0]);
    }

    /// <summary>The bridge plugin never deletes a bridge; removing the network does.</summary>
    private async Task DeleteBridgeAsync(string bridge, CancellationToken cancellationToken)
    {
        if (!IpTool.LinkExists(bridge))
        {
            return;
        }

        var (exitCode, _) = await _ip.RunAsync(["link", "delete", bridge, "type", "bridge"], check: false, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0 && IpTool.LinkExists(bridge))
        {
            throw new EngineException(ErrorKind.Unknown, $"delete bridge {bridge}: ip link delete failed with exit code {exitCode}");
        }
    }
}
