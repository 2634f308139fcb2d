using Cais.Containers;
using Cais.Metadata;
using Cais.Network.Ports;

namespace Cais.Cli.Commands.Containers;

/// <summary>A container's NetworkSettings.Ports map, shared by inspect, ps and port.</summary>
public static class ContainerPorts
{
    /// <summary>Published ports exist only while the container runs (their host ports are chosen at start), as in Docker.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<HostBinding>?> Map(ContainerRecord c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var running = c.State.Status is ContainerStatus.Running or ContainerStatus.Paused;
        var published = running ? ContainerService.ToBindings(c.State.Ports) : [];
        return PortMap.Build(published, c.Settings.ExposedPorts, includeIpv6: false);
    }
}
