namespace Cais.Network;

/// <summary>One IPv4 route of the host: the interface and the destination prefix it covers.</summary>
public sealed record HostRoute(string Interface, Ipv4Cidr Destination);
