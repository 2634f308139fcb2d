using System.Globalization;
using System.Text;
using Cais.Api;
using Cais.Common;

namespace Cais.Cli.Rendering;

/// <summary>
/// Docker's CLI renderings of published ports: the <c>ps</c> PORTS column (from a container summary's Ports) and the
/// lines of <c>port CONTAINER</c> (from the NetworkSettings.Ports map).
/// </summary>
public static class PortFormatter
{
    /// <summary>
    /// The <c>ps</c> PORTS column, e.g. "0.0.0.0:8080->80/tcp, :::8080->80/tcp". Like Docker, only runs of consecutive
    /// ports that are unpublished, or published on the same port number, collapse into ranges ("0.0.0.0:80-81->80-81/tcp",
    /// "8000-8001/udp"); a mapping to a different host port is always listed singly, after the groups.
    /// </summary>
    public static string PsColumn(IEnumerable<Port> ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        var sorted = ports.ToList();
        sorted.Sort(Compare);

        var groups = new Dictionary<string, (int First, int Last)>(StringComparer.Ordinal);
        var groupOrder = new List<string>();
        var result = new List<string>();
        var hostMappings = new List<string>();
        foreach (var port in sorted)
        {
            var key = port.Type;
            if (port.IP.Length != 0)
            {
                if (port.PublicPort != port.PrivatePort)
                {
                    hostMappings.Add(string.Create(
                        CultureInfo.InvariantCulture, $"{port.IP}:{port.PublicPort}->{port.PrivatePort}/{port.Type}"));
                    continue;
                }

                key = port.IP + "/" + port.Type;
            }

            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = (port.PrivatePort, port.PrivatePort);
                groupOrder.Add(key);
                continue;
            }

            if (port.PrivatePort == group.Last + 1)
            {
                groups[key] = (group.First, port.PrivatePort);
                continue;
            }

            // A gap closes the run: it is written now, ahead of the groups still open (Docker's order).
            result.Add(FormatGroup(key, group.First, group.Last));
            groups[key] = (port.PrivatePort, port.PrivatePort);
        }

        foreach (var key in groupOrder)
        {
            var (first, last) = groups[key];
            result.Add(FormatGroup(key, first, last));
        }

        result.AddRange(hostMappings);
        return string.Join(", ", result);
    }

    /// <summary>
    /// The output lines of <c>port CONTAINER [PRIVATE_PORT[/PROTO]]</c>: "80/tcp -> 0.0.0.0:8080" for all ports, or just
    /// "0.0.0.0:8080" for the one asked about; IPv6 hosts are bracketed. Lines are in natural order, as Docker sorts them.
    /// </summary>
    /// <exception cref="EngineException">
    /// InvalidArgument for a malformed port; NotFound when the port is not published (Docker prints these after "Error: ").
    /// </exception>
    public static IReadOnlyList<string> PortCommandLines(PortMap ports, string? privatePort, string container)
    {
        ArgumentNullException.ThrowIfNull(ports);
        var lines = new List<string>();
        if (!string.IsNullOrEmpty(privatePort))
        {
            var slash = privatePort.IndexOf('/', StringComparison.Ordinal);
            var port = slash < 0 ? privatePort : privatePort[..slash];
            var proto = slash < 0 || slash == privatePort.Length - 1 ? "tcp" : privatePort[(slash + 1)..];
            if (!Network.Ports.PortSpec.TryParsePort(port, out _))
            {
                throw EngineException.Invalid($"invalid port ({port})");
            }

            if (!ports.TryGetValue(port + "/" + proto, out var hosts) || hosts is null || hosts.Count == 0)
            {
                throw EngineException.NotFound($"No public port '{privatePort}' published for {container}");
            }

            lines.AddRange(hosts.Select(JoinHostPort));
        }
        else
        {
            foreach (var (key, hosts) in ports)
            {
                if (hosts is not null)
                {
                    lines.AddRange(hosts.Select(h => key + " -> " + JoinHostPort(h)));
                }
            }
        }

        lines.Sort(NaturalCompare);
        return lines;
    }

    private static string JoinHostPort(PortBinding host) =>
        host.HostIp.Contains(':', StringComparison.Ordinal)
            ? "[" + host.HostIp + "]:" + host.HostPort
            : host.HostIp + ":" + host.HostPort;

    private static string FormatGroup(string key, int first, int last)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var ip = slash < 0 ? "" : key[..slash];
        var type = slash < 0 ? key : key[(slash + 1)..];
        var range = first == last
            ? first.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{first}-{last}");
        var sb = new StringBuilder();
        if (ip.Length != 0)
        {
            sb.Append(ip).Append(':').Append(range).Append("->");
        }

        return sb.Append(range).Append('/').Append(type).ToString();
    }

    private static int Compare(Port a, Port b)
    {
        var c = a.PrivatePort.CompareTo(b.PrivatePort);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.IP, b.IP);
        }

        if (c == 0)
        {
            c = a.PublicPort.CompareTo(b.PublicPort);
        }

        return c != 0 ? c : string.CompareOrdinal(a.Type, b.Type);
    }

    /// <summary>Compares runs of digits by value and everything else by character, so "9/tcp" sorts before "10/tcp".</summary>
    internal static int NaturalCompare(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                var si = i;
                var sj = j;
                while (i < a.Length && char.IsAsciiDigit(a[i]))
                {
                    i++;
                }

                while (j < b.Length && char.IsAsciiDigit(b[j]))
                {
                    j++;
                }

                var da = a.AsSpan(si, i - si).TrimStart('0');
                var db = b.AsSpan(sj, j - sj).TrimStart('0');
                var c = da.Length != db.Length ? da.Length.CompareTo(db.Length) : da.SequenceCompareTo(db);
                if (c != 0)
                {
                    return c;
                }

                continue;
            }

            if (a[i] != b[j])
            {
                return a[i].CompareTo(b[j]);
            }

            i++;
            j++;
        }

        return (a.Length - i).CompareTo(b.Length - j);
    }
}
