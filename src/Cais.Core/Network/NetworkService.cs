using System.Diagnostics;
using System.Text.Json.Nodes;
using Cais.Common;
using Cais.Metadata;

namespace Cais.Network;

/// <summary>
/// Bridge networks: their records, and attaching container network namespaces to them through the CNI plugins.
/// Stateless between calls (all state is in the database and under the state directory), so several cais
/// processes can use it at once.
/// </summary>
public sealed class NetworkService
{
    private readonly NetworkServiceOptions _options;
    private readonly CniInvoker _cni;

    public NetworkService(MetadataStore store, NetworkServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Repository = new NetworkRepository(store);
        _cni = new CniInvoker(options.PluginDirectory, options.PluginTimeout);
    }

    public NetworkRepository Repository { get; }

    /// <summary>host-local's dataDir: one subdirectory per network name, one file per allocated address.</summary>
    public string IpamDirectory => Path.Combine(_options.StateDirectory, "ipam");

    private string CacheDirectory => Path.Combine(_options.StateDirectory, "cache");

    /// <summary>The predefined "bridge" network on cais0, created on first use.</summary>
    public async Task<NetworkRecord> EnsureDefaultBridgeAsync(CancellationToken cancellationToken)
    {
        if (Repository.GetByName(NetworkRecord.DefaultName) is { } existing)
        {
            return existing;
        }

        // A cais0 left by an earlier state root (or another one on this host) keeps its address: the bridge plugin
        // refuses to configure a bridge that already has a different IPv4 address.
        var existingAddress = await BridgeAddressAsync(NetworkRecord.DefaultBridge, cancellationToken).ConfigureAwait(false);
        try
        {
            return await CreateAsync(new NetworkCreateRequest
            {
                Name = NetworkRecord.DefaultName,
                BridgeName = NetworkRecord.DefaultBridge,
                Subnet = existingAddress is { } cidr ? cidr.Network.ToString() : null,
                Gateway = existingAddress?.Gateway,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException e) when (e.Kind == ErrorKind.Conflict && Repository.GetByName(NetworkRecord.DefaultName) is { } raced)
        {
            // Another cais process created it between our lookup and insert.
            return raced;
        }
    }

    public async Task<NetworkRecord> CreateAsync(NetworkCreateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsValidName(request.Name))
        {
            throw EngineException.Invalid($"invalid network name \"{request.Name}\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }

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
        return record;
    }

    public IReadOnlyList<NetworkRecord> List() => Repository.List();

    public NetworkRecord Inspect(string idOrName) =>
        Repository.Find(idOrName) ?? throw EngineException.NotFound($"network {idOrName} not found");

    /// <summary>
    /// Removes a network and its bridge device and address allocations. <paramref name="containersUsing"/> are the
    /// containers the caller knows to be attached; removal is refused while there are any.
    /// </summary>
    public async Task RemoveAsync(string idOrName, IReadOnlyCollection<string> containersUsing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(containersUsing);
        var network = Inspect(idOrName);
        if (network.Name == NetworkRecord.DefaultName)
        {
            throw new EngineException(ErrorKind.PermissionDenied, $"{network.Name} is a pre-defined network and cannot be removed");
        }

        if (containersUsing.Count > 0)
        {
            throw EngineException.Conflict($"error while removing network: network {network.Name} id {network.Id} has active endpoints");
        }

        await DeleteBridgeAsync(network.BridgeName, cancellationToken).ConfigureAwait(false);
        var ipam = Path.Combine(IpamDirectory, network.Name);
        if (Directory.Exists(ipam))
        {
            Directory.Delete(ipam, recursive: true);
        }

        Repository.Delete(network.Id);
    }

    /// <summary>Creates a network namespace at <paramref name="path"/> with its loopback interface up.</summary>
    public async Task CreateNamespaceAsync(string path, string containerId, CancellationToken cancellationToken)
    {
        NetworkNamespace.Create(path);
        try
        {
            var args = new CniRuntimeArgs { ContainerId = containerId, NetnsPath = path, InterfaceName = "lo" };
            await _cni.AddListAsync(BridgeNetworkConfig.Loopback(), args, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            NetworkNamespace.Delete(path);
            throw;
        }
    }

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
        var result = await _cni.AddListAsync(BridgeNetworkConfig.Build(network, IpamDirectory), args, cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(CacheDirectory);
            var cache = CachePath(containerId, network, interfaceName);
            await File.WriteAllTextAsync(cache + ".tmp", CniInvoker.ToJson(result).ToJsonString(), cancellationToken).ConfigureAwait(false);
            File.Move(cache + ".tmp", cache, overwrite: true);
            return ToAttachment(network, interfaceName, netnsPath, aliases, result);
        }
        catch
        {
            await DetachAsync(containerId, netnsPath, network, interfaceName, capabilities, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs DEL for the whole list (reverse order) and drops the cached result. Safe to repeat. Call it BEFORE deleting
    /// the namespace: the bridge plugin (1.1.x) learns which masquerade rules to remove from the addresses on the
    /// interface inside it; with the namespace gone the address is still released but that rule chain stays behind.
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
        await _cni.DelListAsync(BridgeNetworkConfig.Build(network, IpamDirectory), args, prevResult, cancellationToken).ConfigureAwait(false);
        File.Delete(cache);
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
        };
    }

    private string CachePath(string containerId, NetworkRecord network, string interfaceName) =>
        Path.Combine(CacheDirectory, $"{containerId}-{network.Id}-{interfaceName}.json");

    /// <summary>The first IPv4 address of an existing bridge device ("10.88.0.1/16"), or null when there is none.</summary>
    private static async Task<(Ipv4Cidr Network, string Gateway)?> BridgeAddressAsync(string bridge, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path.Combine("/sys/class/net", bridge)))
        {
            return null;
        }

        var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-4", "-o", "addr", "show", "dev", bridge })
        {
            psi.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psi) ?? throw new EngineException(ErrorKind.Unknown, "cannot run ip");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        _ = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var fields = (await stdout.ConfigureAwait(false)).Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var inet = Array.IndexOf(fields, "inet");
        if (process.ExitCode != 0 || inet < 0 || inet + 1 >= fields.Length || !Ipv4Cidr.TryParse(fields[inet + 1], out var network))
        {
            return null;
        }

        return (network, fields[inet + 1].Split('/')[0]);
    }

    /// <summary>The bridge plugin creates the device on first ADD but never deletes it; removing the network does.</summary>
    private static async Task DeleteBridgeAsync(string bridge, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path.Combine("/sys/class/net", bridge)))
        {
            return;
        }

        var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "link", "delete", bridge, "type", "bridge" })
        {
            psi.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psi) ?? throw new EngineException(ErrorKind.Unknown, "cannot run ip");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0 && Directory.Exists(Path.Combine("/sys/class/net", bridge)))
        {
            throw new EngineException(ErrorKind.Unknown, $"delete bridge {bridge}: {(await stderr.ConfigureAwait(false)).Trim()}");
        }
    }
}
