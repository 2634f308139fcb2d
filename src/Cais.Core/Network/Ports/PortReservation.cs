using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Cais.Network.Ports;

/// <summary>
/// Host ports chosen and checked by <see cref="HostPortAllocator"/>, with the sockets that hold them.
/// Dispose it once a longer-lived holder (the container monitor, see <see cref="Handles"/>) has its own copies of the sockets.
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

    /// <summary>
    /// The holding sockets, for a process that keeps them open for as long as the container runs (its monitor inherits
    /// them), so that the ports stay taken host-wide after this reservation is disposed.
    /// </summary>
    public IReadOnlyList<SafeHandle> Handles => _sockets.Select(s => (SafeHandle)s.SafeHandle).ToList();

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _sockets.Clear();
    }
}
