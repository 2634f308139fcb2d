using System.Globalization;
using Cais.Api;
using Cais.Metadata;
using HostBinding = Cais.Network.Ports.HostBinding;
using PortSpec = Cais.Network.Ports.PortSpec;

namespace Cais.Containers.Inspect;

/// <summary>A container's port maps as Docker writes them: NetworkSettings.Ports and HostConfig.PortBindings.</summary>
public static class ContainerPortMaps
{
    /// <summary>
    /// NetworkSettings.Ports: published ports exist only while the container runs (their host ports are chosen at start),
    /// and so do its exposed ports, listed only on a network of its own (not with none, host or container: networking),
    /// as in Docker; otherwise the map is empty.
    /// </summary>
    public static PortMap Published(ContainerRecord c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var running = c.State.Status is ContainerStatus.Running or ContainerStatus.Paused;
        if (!running || !ContainerService.IsBridgeMode(c.Settings.NetworkMode))
        {
            return new PortMap();
        }

        return From(Network.Ports.PortMap.Build(ContainerService.ToBindings(c.State.Ports), c.Settings.ExposedPorts, includeIpv6: false));
    }

    /// <summary>The network module's map (host sides already chosen) in the wire type, keys in the same order.</summary>
    public static PortMap From(IReadOnlyDictionary<string, IReadOnlyList<HostBinding>?> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var ports = new PortMap();
        foreach (var (key, hosts) in map)
        {
            ports[key] = hosts?.Select(h => new Api.PortBinding { HostIp = h.HostIp, HostPort = h.HostPort }).ToList();
        }

        return ports;
    }

    /// <summary>HostConfig.PortBindings: what was asked for, "" host port meaning any, in the order asked.</summary>
    public static PortMap Requested(IReadOnlyList<PublishedPort> bindings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        var map = new PortMap();
        foreach (var group in bindings.GroupBy(b => $"{b.ContainerPort.ToString(CultureInfo.InvariantCulture)}/{b.Protocol}"))
        {
            map[group.Key] = [.. group.Select(b => new Api.PortBinding
            {
                HostIp = b.HostIp,
                HostPort = b.HostPort == 0 ? "" : b.HostPortEnd > b.HostPort
                    ? string.Create(CultureInfo.InvariantCulture, $"{b.HostPort}-{b.HostPortEnd}")
                    : b.HostPort.ToString(CultureInfo.InvariantCulture),
            })];
        }

        return map;
    }

    /// <summary>A container summary's Ports: one per host binding, one without host side per unpublished port.</summary>
    public static IReadOnlyList<Port> Summaries(PortMap ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        var rows = new List<Port>();
        foreach (var (key, hosts) in ports)
        {
            var (type, portText) = PortSpec.SplitProto(key);
            if (!PortSpec.TryParsePort(portText, out var privatePort))
            {
                continue;
            }

            if (hosts is null || hosts.Count == 0)
            {
                rows.Add(new Port { PrivatePort = privatePort, Type = type });
                continue;
            }

            foreach (var host in hosts)
            {
                _ = PortSpec.TryParsePort(host.HostPort, out var publicPort);
                rows.Add(new Port { IP = host.HostIp, PrivatePort = privatePort, PublicPort = publicPort, Type = type });
            }
        }

        return rows;
    }
}
