using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cais.Containers.Spec;

/// <summary>Contents of the /etc/hosts, /etc/hostname and /etc/resolv.conf files given to a container.</summary>
public static class EtcFiles
{
    /// <summary>Docker's fallback when filtering leaves no usable nameserver (Google public DNS).</summary>
    public static IReadOnlyList<string> DefaultNameservers { get; } = ["8.8.8.8", "8.8.4.4"];

    private static readonly string[] DefaultIPv6Nameservers = ["2001:4860:4860::8888", "2001:4860:4860::8844"];

    /// <summary>
    /// Docker's /etc/hosts for a container with its own network namespace: loopback and the standard IPv6
    /// names, then the container's own address and hostname when it has one, then extra entries.
    /// (With host networking Docker copies the host's /etc/hosts instead.)
    /// </summary>
    public static string Hosts(string hostname, string? address, IReadOnlyList<HostsEntry>? extra = null)
    {
        var text = new StringBuilder();
        text.Append("127.0.0.1\tlocalhost\n");
        text.Append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        text.Append("fe00::0\tip6-localnet\n");
        text.Append("ff00::0\tip6-mcastprefix\n");
        text.Append("ff02::1\tip6-allnodes\n");
        text.Append("ff02::2\tip6-allrouters\n");
        foreach (var entry in extra ?? [])
        {
            text.Append(entry.Address).Append('\t').Append(entry.Names).Append('\n');
        }

        if (!string.IsNullOrEmpty(address))
        {
            text.Append(address).Append('\t').Append(hostname).Append('\n');
        }

        return text.ToString();
    }

    public static string Hostname(string hostname) => hostname + "\n";

    /// <summary>
    /// /etc/resolv.conf from the host's. Host networking gets it unchanged. Otherwise nameservers on loopback
    /// (127.0.0.0/8, ::1) are dropped because they would point at the container itself, as are IPv6 ones when
    /// the container has no IPv6; when none remain Docker's public defaults are used. search/options lines and
    /// comments are kept.
    /// </summary>
    public static string ResolvConf(string hostContent, bool hostNetwork, bool ipv6Enabled = false)
    {
        if (hostNetwork)
        {
            return hostContent;
        }

        var text = new StringBuilder();
        var nameservers = 0;
        foreach (var raw in hostContent.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields is ["nameserver", var server, ..])
            {
                if (!Usable(server, ipv6Enabled))
                {
                    continue;
                }

                nameservers++;
            }

            text.Append(line).Append('\n');
        }

        var result = text.ToString().TrimEnd('\n');
        var builder = new StringBuilder(result.Length > 0 ? result + "\n" : "");
        if (nameservers == 0)
        {
            foreach (var server in ipv6Enabled ? [.. DefaultNameservers, .. DefaultIPv6Nameservers] : DefaultNameservers)
            {
                builder.Append("nameserver ").Append(server).Append('\n');
            }
        }

        return builder.ToString();
    }

    private static bool Usable(string server, bool ipv6Enabled)
    {
        // Strip a zone ("fe80::1%eth0") before parsing; a zone makes no sense inside another netns anyway.
        var zone = server.IndexOf('%', StringComparison.Ordinal);
        if (!IPAddress.TryParse(zone < 0 ? server : server[..zone], out var address))
        {
            return true; // Not ours to judge; keep it as the host has it.
        }

        if (IPAddress.IsLoopback(address))
        {
            return false;
        }

        return address.AddressFamily != AddressFamily.InterNetworkV6 || ipv6Enabled;
    }
}
