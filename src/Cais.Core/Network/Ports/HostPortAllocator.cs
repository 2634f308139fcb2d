using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Cais.Common;

namespace Cais.Network.Ports;

/// <summary>
/// Chooses host ports for bindings that ask for any port, and takes every port by binding a socket on the requested address
/// (TCP: bind and listen; UDP: bind), the way Docker's proxy holds the ports it publishes.
/// </summary>
/// <remarks>
/// <para>
/// The sockets are what makes a published port taken host-wide: the container's monitor (conmon) inherits them and keeps
/// them open for as long as the container runs, so another state root's publisher, or a host process that binds the port,
/// gets EADDRINUSE, and the port is free again the moment the monitor is gone. The DNAT itself stays with the CNI portmap
/// plugin: packets for the port are rewritten to the container before local delivery, so the holding socket never sees them.
/// </para>
/// <para>
/// TCP sockets listen (with a backlog of 1 that nothing ever accepts from): on Linux a socket that is only bound with
/// SO_REUSEADDR does not keep another SO_REUSEADDR socket (most servers set it, and so do we) from binding the same port,
/// while a listening one does. SO_REUSEADDR itself keeps connections of an earlier holder in TIME_WAIT from making the port
/// look taken. UDP sockets are bound without SO_REUSEADDR, which then keeps every other UDP socket off the port.
/// </para>
/// <para>
/// Ports that an older engine published, or that could not be held (no SCTP), are invisible to the socket check, so callers
/// also pass the bindings recorded for other containers as <c>inUse</c>, read and reserved under one lock.
/// </para>
/// </remarks>
public sealed class HostPortAllocator
{
    /// <summary>Linux's default ephemeral range, used when /proc cannot be read.</summary>
    public const int DefaultFirstPort = 32768;

    public const int DefaultLastPort = 60999;

    private const string LocalPortRangePath = "/proc/sys/net/ipv4/ip_local_port_range";
    private const ProtocolType SctpProtocol = (ProtocolType)132;
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    public HostPortAllocator(int firstPort, int lastPort)
    {
        if (firstPort is < 1 or > 65535 || lastPort < firstPort || lastPort > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(firstPort), $"invalid port range {firstPort}-{lastPort}");
        }

        FirstPort = firstPort;
        LastPort = lastPort;
    }

    /// <summary>First port of the range that bindings without a host port are given ports from.</summary>
    public int FirstPort { get; }

    public int LastPort { get; }

    /// <summary>An allocator over the kernel's ephemeral port range (net.ipv4.ip_local_port_range), as Docker uses.</summary>
    public static async Task<HostPortAllocator> CreateAsync(CancellationToken cancellationToken)
    {
        try
        {
            var text = await File.ReadAllTextAsync(LocalPortRangePath, cancellationToken).ConfigureAwait(false);
            if (TryParseLocalPortRange(text, out var first, out var last))
            {
                return new HostPortAllocator(first, last);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return new HostPortAllocator(DefaultFirstPort, DefaultLastPort);
    }

    /// <summary>Parses the two whitespace-separated numbers of ip_local_port_range.</summary>
    public static bool TryParseLocalPortRange(string text, out int first, out int last)
    {
        first = last = 0;
        var fields = (text ?? "").Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 2
            && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out first)
            && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out last)
            && first is >= 1 and <= 65535 && last >= first && last <= 65535;
    }

    /// <summary>
    /// Gives every binding a concrete host port and holds each with a socket.
    /// </summary>
    /// <param name="bindings">Bindings from <see cref="PortSpec"/> or <see cref="ExposedPorts"/>.</param>
    /// <param name="inUse">Host ports other containers have published (their mappings hold no host socket).</param>
    /// <exception cref="EngineException">
    /// Conflict "Bind for 0.0.0.0:8080 failed: port is already allocated" when a requested port is taken, or when no port
    /// of the range is free; InvalidArgument when the host address is not usable on this host.
    /// </exception>
    public PortReservation Reserve(IReadOnlyList<PortBinding> bindings, IReadOnlyCollection<PortBinding>? inUse = null)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        var claimed = new List<PortBinding>(inUse ?? []);
        var sockets = new List<Socket>();
        var resolved = new List<PortBinding>(bindings.Count);
        try
        {
            foreach (var binding in bindings)
            {
                var chosen = binding.NeedsAllocation
                    ? Allocate(binding, claimed, sockets)
                    : Claim(binding, claimed, sockets);
                claimed.Add(chosen);
                resolved.Add(chosen);
            }
        }
        catch
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            throw;
        }

        return new PortReservation(resolved, sockets);
    }

    private static PortBinding Claim(PortBinding binding, List<PortBinding> claimed, List<Socket> sockets)
    {
        if (IsClaimed(binding.HostIp, binding.HostPort, binding.Protocol, claimed) || !TryHold(binding, binding.HostPort, sockets))
        {
            throw EngineException.Conflict(
                $"Bind for {DisplayIp(binding.HostIp)}:{binding.HostPort} failed: port is already allocated");
        }

        return binding;
    }

    private PortBinding Allocate(PortBinding binding, List<PortBinding> claimed, List<Socket> sockets)
    {
        int first, last, start;
        if (binding.HasHostRange)
        {
            // A user-given range is tried from its start, so "8080-8090:80" prefers 8080 as Docker does.
            (first, last) = (binding.HostPort, binding.HostPortEnd);
            start = first;
        }
        else
        {
            // A random starting point keeps concurrent allocators from racing for the same first port.
            (first, last) = (FirstPort, LastPort);
            start = Random.Shared.Next(first, last + 1);
        }

        var size = last - first + 1;
        for (var i = 0; i < size; i++)
        {
            var port = first + ((start - first + i) % size);
            if (!IsClaimed(binding.HostIp, port, binding.Protocol, claimed) && TryHold(binding, port, sockets))
            {
                return binding with { HostPort = port, HostPortEnd = 0 };
            }
        }

        var range = binding.HasHostRange
            ? string.Create(CultureInfo.InvariantCulture, $"{first}-{last}")
            : "0";
        throw EngineException.Conflict(
            $"Bind for {DisplayIp(binding.HostIp)}:{range} failed: all ports are allocated");
    }

    /// <summary>Binds the port on the binding's address; false when something else has it.</summary>
    private static bool TryHold(PortBinding binding, int port, List<Socket> sockets)
    {
        var address = binding.HostIp.Length == 0 ? IPAddress.Any : IPAddress.Parse(binding.HostIp);
        Socket socket;
        try
        {
            socket = binding.Protocol switch
            {
                PortProtocol.Udp => new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp),
                PortProtocol.Sctp => new Socket(address.AddressFamily, SocketType.Stream, SctpProtocol),
                _ => new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp),
            };
        }
        catch (SocketException)
        {
            // No SCTP (module not loaded) or no IPv6 on this host: nothing on the host can hold the port in that
            // protocol family either, so there is nothing to check.
            return true;
        }

        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                // "::" also covers IPv4, as Docker's bindings on "::" do.
                socket.DualMode = true;
            }

            if (binding.Protocol != PortProtocol.Udp)
            {
                // Connections of an earlier holder still in TIME_WAIT must not make the port look taken. Set as the raw
                // option: .NET's ReuseAddress also sets SO_REUSEPORT on Linux, which would let any other SO_REUSEPORT
                // socket of the same user (another state root's holder, a server) bind the port beside ours.
                socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            }

            socket.Bind(new IPEndPoint(address, port));
            if (binding.Protocol != PortProtocol.Udp)
            {
                socket.Listen(1);
            }

            sockets.Add(socket);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            socket.Dispose();
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AccessDenied)
        {
            // A privileged port checked without CAP_NET_BIND_SERVICE: the DNAT rule needs no socket, so the check is
            // skipped rather than refusing a mapping that would work.
            socket.Dispose();
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            socket.Dispose();
            throw EngineException.Invalid(
                $"cannot publish port on {binding.HostIp}: the address is not assigned to this host");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool IsClaimed(string ip, int port, PortProtocol protocol, List<PortBinding> claimed)
    {
        foreach (var other in claimed)
        {
            if (other.Protocol == protocol && other.HostPort == port && AddressesOverlap(ip, other.HostIp))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AddressesOverlap(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0 || a == "::" || b == "::")
        {
            return true;
        }

        var ipA = IPAddress.Parse(a);
        var ipB = IPAddress.Parse(b);
        if (ipA.Equals(ipB))
        {
            return true;
        }

        return ipA.AddressFamily == ipB.AddressFamily
            && (ipA.Equals(IPAddress.Any) || ipB.Equals(IPAddress.Any));
    }

    private static string DisplayIp(string ip) => ip.Length == 0 ? "0.0.0.0" : ip;
}
