namespace Cais.Network.Ports;

/// <summary>Names of <see cref="PortProtocol"/> as they appear in "80/tcp" keys, error texts and CNI configuration.</summary>
public static class PortProtocols
{
    public static string ToName(this PortProtocol protocol) => protocol switch
    {
        PortProtocol.Tcp => "tcp",
        PortProtocol.Udp => "udp",
        PortProtocol.Sctp => "sctp",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "unknown protocol"),
    };

    /// <summary>Accepts the lower-case names only; callers lower-case user input first, as Docker does.</summary>
    public static bool TryParse(string name, out PortProtocol protocol)
    {
        switch (name)
        {
            case "tcp":
                protocol = PortProtocol.Tcp;
                return true;
            case "udp":
                protocol = PortProtocol.Udp;
                return true;
            case "sctp":
                protocol = PortProtocol.Sctp;
                return true;
            default:
                protocol = default;
                return false;
        }
    }
}
