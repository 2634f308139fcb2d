using System.Globalization;

namespace Cais.Network.Ports;

/// <summary>
/// One container port published on the host. <paramref name="HostIp"/> "" means every host address;
/// <paramref name="HostPort"/> 0 means "any free port". When <paramref name="HostPortEnd"/> is above
/// <paramref name="HostPort"/> the binding asks for any free port in that range (Docker's "8080-8090:80").
/// </summary>
public sealed record PortBinding(string HostIp, int HostPort, int ContainerPort, PortProtocol Protocol, int HostPortEnd = 0)
{
    /// <summary>True while the host port is still to be chosen by <see cref="HostPortAllocator"/>.</summary>
    public bool NeedsAllocation => HostPort == 0 || HasHostRange;

    public bool HasHostRange => HostPortEnd > HostPort;

    /// <summary>Docker's key for the container side, e.g. "80/tcp" (NetworkSettings.Ports, ExposedPorts).</summary>
    public string ContainerKey => PortKey(ContainerPort, Protocol);

    public static string PortKey(int port, PortProtocol protocol) =>
        string.Create(CultureInfo.InvariantCulture, $"{port}/{protocol.ToName()}");
}
