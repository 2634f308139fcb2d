namespace Cais.Network.Ports;

/// <summary>The transport protocols Docker's port syntax accepts.</summary>
public enum PortProtocol
{
    Tcp,
    Udp,
    Sctp,
}
