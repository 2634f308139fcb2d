using System.Net;

namespace Cais.Network.Dns;

/// <summary>Chooses the upstream nameservers the resolver forwards to, from the host's resolver configuration.</summary>
public static class ResolverConfig
{
    public const int DnsPort = 53;

    /// <summary>Where systemd-resolved writes the real upstream servers when /etc/resolv.conf names its 127.0.0.53 stub.</summary>
    public const string SystemdResolvedPath = "/run/systemd/resolve/resolv.conf";

    public const string HostPath = "/etc/resolv.conf";

    /// <summary>
    /// Upstreams from the host's resolv.conf (<paramref name="resolvConfContent"/>). Loopback nameservers (a local
    /// stub such as systemd-resolved's 127.0.0.53) are replaced by the non-loopback servers of
    /// <paramref name="systemdResolvedContent"/> when it names any. Otherwise they are kept: the resolver runs in the
    /// host's network namespace, where a host-local resolver is reachable (unlike from inside a container).
    /// Order is kept and duplicates dropped; the result may be empty (the resolver then refuses external names).
    /// </summary>
    public static IReadOnlyList<IPEndPoint> FromHost(string resolvConfContent, string? systemdResolvedContent)
    {
        ArgumentNullException.ThrowIfNull(resolvConfContent);
        var host = Nameservers(resolvConfContent);
        if (host.Any(IPAddress.IsLoopback) && systemdResolvedContent is not null)
        {
            var resolved = Nameservers(systemdResolvedContent).Where(a => !IPAddress.IsLoopback(a)).ToList();
            if (resolved.Count > 0)
            {
                var external = host.Where(a => !IPAddress.IsLoopback(a));
                return ToEndPoints(external.Concat(resolved));
            }
        }

        return ToEndPoints(host);
    }

    /// <summary>The <c>nameserver</c> addresses of a resolv.conf text, in order; malformed lines are skipped as glibc does.</summary>
    public static IReadOnlyList<IPAddress> Nameservers(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var found = new List<IPAddress>();
        foreach (var raw in content.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == "nameserver" && IPAddress.TryParse(fields[1], out var address))
            {
                found.Add(address);
            }
        }

        return found;
    }

    private static List<IPEndPoint> ToEndPoints(IEnumerable<IPAddress> addresses)
    {
        var result = new List<IPEndPoint>();
        foreach (var address in addresses)
        {
            if (!result.Any(e => e.Address.Equals(address)))
            {
                result.Add(new IPEndPoint(address, DnsPort));
            }
        }

        return result;
    }
}
