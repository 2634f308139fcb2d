using System.Net;

namespace Cais.Distribution;

/// <summary>
/// Chooses how to reach a registry host. HTTPS is the default. Plain HTTP is used for loopback hosts
/// (127.0.0.0/8, [::1], localhost with any port) and for hosts the user listed as insecure, as Docker does
/// for its built-in and configured insecure registries. An insecure host is never tried over HTTPS first:
/// a local test registry (registry:2 without TLS) is the common case and the fallback dance would only add latency.
/// </summary>
public static class RegistryEndpoint
{
    /// <summary>The "http://host[:port]" or "https://host[:port]" base URI of a registry host.</summary>
    public static Uri BaseUri(string registryHost, IReadOnlyCollection<string>? insecureHosts)
    {
        var scheme = IsInsecure(registryHost, insecureHosts) ? "http" : "https";
        return new Uri($"{scheme}://{registryHost}/", UriKind.Absolute);
    }

    public static bool IsInsecure(string registryHost, IReadOnlyCollection<string>? insecureHosts)
    {
        var (hostPart, _) = SplitPort(registryHost);
        if (IsLoopback(hostPart))
        {
            return true;
        }

        if (insecureHosts is null)
        {
            return false;
        }

        foreach (var entry in insecureHosts)
        {
            var candidate = entry.Trim();
            if (candidate.Length == 0)
            {
                continue;
            }

            if (candidate.Contains('/', StringComparison.Ordinal))
            {
                // A CIDR entry ("10.0.0.0/8"), as Docker's insecure-registries accepts.
                if (IPNetwork.TryParse(candidate, out var network) && TryParseAddress(hostPart, out var address) && network.Contains(address))
                {
                    return true;
                }

                continue;
            }

            if (string.Equals(candidate, registryHost, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            // An entry without a port covers every port of that host.
            var (entryHost, entryPort) = SplitPort(candidate);
            if (entryPort is null && string.Equals(entryHost, hostPart, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for "localhost", 127.0.0.0/8 and ::1 (host part only, brackets allowed).</summary>
    public static bool IsLoopback(string hostPart)
    {
        if (string.Equals(hostPart, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return TryParseAddress(hostPart, out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>Splits "host:port", "[v6]:port", "[v6]" or "host" into host part and port.</summary>
    internal static (string Host, string? Port) SplitPort(string hostAndPort)
    {
        if (hostAndPort.StartsWith('['))
        {
            var close = hostAndPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return (hostAndPort, null);
            }

            var host = hostAndPort[..(close + 1)];
            var rest = hostAndPort[(close + 1)..];
            return rest.StartsWith(':') ? (host, rest[1..]) : (host, null);
        }

        var colon = hostAndPort.LastIndexOf(':');
        return colon < 0 ? (hostAndPort, null) : (hostAndPort[..colon], hostAndPort[(colon + 1)..]);
    }

    private static bool TryParseAddress(string hostPart, out IPAddress address)
    {
        var bare = hostPart.StartsWith('[') && hostPart.EndsWith(']') ? hostPart[1..^1] : hostPart;
        if (IPAddress.TryParse(bare, out var parsed))
        {
            address = parsed;
            return true;
        }

        address = IPAddress.None;
        return false;
    }
}
