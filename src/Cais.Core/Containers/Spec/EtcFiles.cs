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

    /// <summary>
    /// /etc/resolv.conf with the container's --dns, --dns-search and --dns-option, or pointing at the embedded resolver
    /// (<see cref="ResolverSettings.EmbeddedResolver"/>, on user-defined networks, which forwards other names itself).
    /// Whatever is not given comes from the host's file as <see cref="ResolvConf(string, bool, bool)"/> filters it;
    /// "--dns-search ." means no search domains, as in Docker.
    /// </summary>
    public static string ResolvConf(string hostContent, bool hostNetwork, ResolverSettings settings)
    {
        ArgumentNullException.ThrowIfNull(hostContent);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.EmbeddedResolver is null && settings.Nameservers.Count == 0 && settings.Search.Count == 0 && settings.Options.Count == 0)
        {
            return ResolvConf(hostContent, hostNetwork);
        }

        var host = ResolvConf(hostContent, hostNetwork);
        var hostServers = new List<string>();
        var hostSearch = new List<string>();
        var hostOptions = new List<string>();
        foreach (var raw in host.Split('\n'))
        {
            var fields = raw.TrimEnd('\r').Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            switch (fields)
            {
                case ["nameserver", var server, ..]:
                    hostServers.Add(server);
                    break;
                case ["search" or "domain", .. var domains]:
                    hostSearch.Clear();
                    hostSearch.AddRange(domains);
                    break;
                case ["options", .. var hostOption]:
                    hostOptions.AddRange(hostOption);
                    break;
            }
        }

        IReadOnlyList<string> servers = settings.EmbeddedResolver is { } embedded ? [embedded]
            : settings.Nameservers.Count > 0 ? settings.Nameservers
            : hostServers;
        IReadOnlyList<string> search = settings.Search.Count == 0 ? hostSearch : settings.Search.Where(d => d != ".").ToList();
        var options = (settings.Options.Count > 0 ? settings.Options : hostOptions).ToList();
        if (settings.EmbeddedResolver is not null && !options.Any(o => o.StartsWith("ndots:", StringComparison.Ordinal)))
        {
            // Docker's choice for its embedded resolver: try a dotless name as given first (it is likely a container).
            options.Add("ndots:0");
        }

        var text = new StringBuilder();
        foreach (var server in servers)
        {
            text.Append("nameserver ").Append(server).Append('\n');
        }

        if (search.Count > 0)
        {
            text.Append("search ").AppendJoin(' ', search).Append('\n');
        }

        if (options.Count > 0)
        {
            text.Append("options ").AppendJoin(' ', options).Append('\n');
        }

        return text.ToString();
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
