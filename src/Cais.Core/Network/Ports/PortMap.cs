using System.Globalization;

namespace Cais.Network.Ports;

/// <summary>
/// Builds Docker's NetworkSettings.Ports map: "80/tcp" -> host bindings, or null for a port that is exposed but not
/// published. Keys are sorted ordinally, as Go's JSON encoder writes map keys.
/// </summary>
public static class PortMap
{
    /// <param name="published">Bindings with their host ports already allocated.</param>
    /// <param name="exposedKeys">Exposed port keys (image ExposedPorts and --expose), published or not.</param>
    /// <param name="includeIpv6">
    /// Whether bindings on every address ("" host IP) are also reachable over IPv6; Docker then lists "::" after "0.0.0.0".
    /// </param>
    public static IReadOnlyDictionary<string, IReadOnlyList<HostBinding>?> Build(
        IEnumerable<PortBinding> published, IEnumerable<string> exposedKeys, bool includeIpv6)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(exposedKeys);
        var lists = new SortedDictionary<string, List<HostBinding>?>(StringComparer.Ordinal);
        foreach (var key in exposedKeys)
        {
            lists.TryAdd(key, null);
        }

        foreach (var binding in published)
        {
            if (binding.NeedsAllocation)
            {
                throw new ArgumentException(
                    $"binding for {binding.ContainerKey} has no allocated host port", nameof(published));
            }

            if (!lists.TryGetValue(binding.ContainerKey, out var hosts) || hosts is null)
            {
                hosts = [];
                lists[binding.ContainerKey] = hosts;
            }

            var port = binding.HostPort.ToString(CultureInfo.InvariantCulture);
            if (binding.HostIp.Length == 0)
            {
                hosts.Add(new HostBinding("0.0.0.0", port));
                if (includeIpv6)
                {
                    hosts.Add(new HostBinding("::", port));
                }
            }
            else
            {
                hosts.Add(new HostBinding(binding.HostIp, port));
            }
        }

        var result = new SortedDictionary<string, IReadOnlyList<HostBinding>?>(StringComparer.Ordinal);
        foreach (var (key, hosts) in lists)
        {
            result[key] = hosts;
        }

        return result;
    }
}
