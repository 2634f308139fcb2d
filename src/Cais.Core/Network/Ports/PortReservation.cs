using System.Net.Sockets;

namespace Cais.Network.Ports;

/// <summary>
/// Host ports chosen and checked by <see cref="HostPortAllocator"/>, with the sockets that hold them.
/// Dispose it once the port mappings are installed (see <see cref="HostPortAllocator"/> for why they are held until then).
/// </summary>
public sealed class PortReservation : IDisposable
{
    private readonly List<Socket> _sockets;

    internal PortReservation(IReadOnlyList<PortBinding> bindings, List<Socket> sockets)
    {
        Bindings = bindings;
        _sockets = sockets;
    }

    /// <summary>The requested bindings, in the same order, each with a concrete host port.</summary>
    public IReadOnlyList<PortBinding> Bindings { get; }

    /// <summary>How many checking sockets are still open (ports whose protocol could not be checked hold none).</summary>
    public int HeldSockets => _sockets.Count;

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _sockets.Clear();
    }
}
