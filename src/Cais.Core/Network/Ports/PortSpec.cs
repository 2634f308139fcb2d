using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Cais.Common;

namespace Cais.Network.Ports;

/// <summary>
/// Docker's <c>-p</c>/<c>--publish</c> syntax, <c>[IP:][HOST_PORT:]CONTAINER_PORT[/PROTO]</c>, with port ranges.
/// Error texts are Docker's, because scripts and users compare them; they are client errors, because the docker CLI
/// checks this syntax itself before it calls the daemon.
/// </summary>
public static class PortSpec
{
    /// <summary>Parses one <c>-p</c> value and expands its ranges into one binding per container port.</summary>
    public static IReadOnlyList<PortBinding> Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (ip, hostPart, containerWithProto) = SplitParts(spec);
        var (protoName, containerPart) = SplitProto(containerWithProto);
        if (containerPart.Length == 0)
        {
            throw EngineException.InvalidInput($"no port specified: {spec}<empty>");
        }

        protoName = protoName.ToLowerInvariant();
        if (!PortProtocols.TryParse(protoName, out var protocol))
        {
            throw EngineException.InvalidInput($"invalid proto: {protoName}");
        }

        ip = ParseHostIp(ip);

        // Docker's client lets container port 0 through and the daemon fails later; a daemonless engine
        // has no "later", so it is refused here with the same wording as any other bad container port.
        if (!TryParseRange(containerPart, out var start, out var end) || start == 0)
        {
            throw EngineException.InvalidInput($"invalid containerPort: {containerPart}");
        }

        int hostStart = 0, hostEnd = 0;
        if (hostPart.Length != 0)
        {
            if (!TryParseRange(hostPart, out hostStart, out hostEnd))
            {
                throw EngineException.InvalidInput($"invalid hostPort: {hostPart}");
            }

            // A host range against a single container port is the pool to pick one free port from.
            if (end - start != hostEnd - hostStart && end != start)
            {
                throw EngineException.InvalidInput(
                    $"invalid ranges specified for container and host Ports: {containerPart} and {hostPart}");
            }
        }

        var count = end - start + 1;
        var bindings = new PortBinding[count];
        for (var i = 0; i < count; i++)
        {
            var hostPort = hostPart.Length == 0 ? 0 : hostStart + i;
            var hostPortEnd = count == 1 && hostEnd > hostStart ? hostEnd : 0;
            bindings[i] = new PortBinding(ip, hostPort, start + i, protocol, hostPortEnd);
        }

        return bindings;
    }

    /// <summary>Parses every <c>-p</c> value of a command line, in order.</summary>
    public static IReadOnlyList<PortBinding> ParseAll(IEnumerable<string> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var all = new List<PortBinding>();
        foreach (var spec in specs)
        {
            all.AddRange(Parse(spec));
        }

        return all;
    }

    /// <summary>
    /// "a:b:c:d" keeps the last two fields as ports and everything before as the address, so unbracketed
    /// IPv6 addresses such as "::1::80" still parse, as they do for Docker.
    /// </summary>
    private static (string Ip, string Host, string Container) SplitParts(string spec)
    {
        var parts = spec.Split(':');
        return parts.Length switch
        {
            1 => ("", "", parts[0]),
            2 => ("", parts[0], parts[1]),
            3 => (parts[0], parts[1], parts[2]),
            _ => (string.Join(':', parts[..^2]), parts[^2], parts[^1]),
        };
    }

    /// <summary>"80/udp" -> (udp, 80); a missing or empty protocol means tcp; fields after a second '/' are ignored, as in Docker.</summary>
    internal static (string Proto, string Port) SplitProto(string value)
    {
        var parts = value.Split('/');
        if (parts[0].Length == 0)
        {
            return ("", "");
        }

        return parts.Length == 1 || parts[1].Length == 0 ? ("tcp", parts[0]) : (parts[1], parts[0]);
    }

    private static string ParseHostIp(string ip)
    {
        if (ip.Length == 0)
        {
            return ip;
        }

        if (ip[0] == '[')
        {
            var close = ip.IndexOf(']', StringComparison.Ordinal);
            if (close != ip.Length - 1 || ip.IndexOf('[', 1) >= 0)
            {
                throw EngineException.InvalidInput($"invalid IP address {ip}: address {ip}:: missing ']' in address");
            }

            ip = ip[1..^1];
        }

        if (!IsValidIp(ip))
        {
            throw EngineException.InvalidInput($"invalid IP address: {ip}");
        }

        return ip;
    }

    /// <summary>
    /// Stricter than <see cref="IPAddress.TryParse(string, out IPAddress)"/>, which also takes "1.2.3", "10"
    /// and zone suffixes; Docker takes only dotted quads and plain IPv6 literals.
    /// </summary>
    internal static bool IsValidIp(string ip)
    {
        if (ip.Contains(':', StringComparison.Ordinal))
        {
            return !ip.Contains('%', StringComparison.Ordinal)
                && IPAddress.TryParse(ip, out var v6)
                && v6.AddressFamily == AddressFamily.InterNetworkV6;
        }

        var octets = ip.Split('.');
        if (octets.Length != 4)
        {
            return false;
        }

        foreach (var octet in octets)
        {
            if (octet.Length is 0 or > 3 || (octet.Length > 1 && octet[0] == '0') || !IsDigits(octet)
                || int.Parse(octet, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"80" or "80-90"; like Docker, only the first two fields of "a-b-c" count.</summary>
    internal static bool TryParseRange(string value, out int start, out int end)
    {
        start = end = 0;
        if (value.Length == 0)
        {
            return false;
        }

        if (!value.Contains('-', StringComparison.Ordinal))
        {
            if (!TryParsePort(value, out start))
            {
                return false;
            }

            end = start;
            return true;
        }

        var parts = value.Split('-');
        return TryParsePort(parts[0], out start) && TryParsePort(parts[1], out end) && end >= start;
    }

    /// <summary>Decimal digits only (no sign, no spaces), 0..65535; leading zeros are fine.</summary>
    public static bool TryParsePort(string value, out int port)
    {
        port = 0;
        if (value.Length == 0 || !IsDigits(value))
        {
            return false;
        }

        var trimmed = value.TrimStart('0');
        if (trimmed.Length > 5)
        {
            return false;
        }

        port = trimmed.Length == 0 ? 0 : int.Parse(trimmed, CultureInfo.InvariantCulture);
        return port <= 65535;
    }

    private static bool IsDigits(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
