using System.Net;
using System.Net.Sockets;

namespace Cais.TestSupport;

/// <summary>Free loopback TCP ports.</summary>
public static class Ports
{
    /// <summary>
    /// A port the kernel just handed out on 127.0.0.1. Another process may grab it before the caller binds,
    /// so callers that start servers retry on "address in use".
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
