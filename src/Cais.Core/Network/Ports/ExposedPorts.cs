using Cais.Common;

namespace Cais.Network.Ports;

/// <summary>
/// Exposed ports ("80/tcp" keys of an image config or of <c>--expose</c>) and <c>-P</c>, which publishes every
/// exposed port on a free host port.
/// </summary>
public static class ExposedPorts
{
    /// <summary>
    /// <c>-P</c> for an image's ExposedPorts: one binding per exposed port on every host address with host port 0
    /// (to be allocated), ordered by port then protocol. Keys without a protocol mean tcp, as in Docker.
    /// </summary>
    public static IReadOnlyList<PortBinding> FromImage<TValue>(IReadOnlyDictionary<string, TValue>? exposed)
    {
        if (exposed is null)
        {
            return [];
        }

        var bindings = new List<PortBinding>();
        foreach (var key in exposed.Keys)
        {
            if (!TryParseKey(key, out var start, out var end, out var protocol, out var problem))
            {
                throw EngineException.Invalid($"invalid exposed port \"{key}\" in image config: {problem}");
            }

            for (var port = start; port <= end; port++)
            {
                bindings.Add(new PortBinding("", 0, port, protocol));
            }
        }

        return Deduplicate(bindings);
    }

    /// <summary>
    /// What <c>-P</c> publishes next to explicit <c>-p</c> bindings: the explicit ones as given, plus a random-port
    /// binding for every exposed port that no explicit binding already covers (Docker keeps the user's choice).
    /// </summary>
    public static IReadOnlyList<PortBinding> PublishAll<TValue>(
        IReadOnlyDictionary<string, TValue>? exposed, IReadOnlyList<PortBinding> explicitBindings)
    {
        ArgumentNullException.ThrowIfNull(explicitBindings);
        var covered = new HashSet<string>(explicitBindings.Select(b => b.ContainerKey), StringComparer.Ordinal);
        var all = new List<PortBinding>(explicitBindings);
        all.AddRange(FromImage(exposed).Where(b => !covered.Contains(b.ContainerKey)));
        return all;
    }

    /// <summary>The image's exposed port keys with the <c>--expose</c> values' added (ranges expanded, see <see cref="ParseExpose"/>).</summary>
    public static IReadOnlyDictionary<string, bool> Merge<TValue>(IReadOnlyDictionary<string, TValue>? image, IReadOnlyList<string> expose)
    {
        ArgumentNullException.ThrowIfNull(expose);
        var keys = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var key in image?.Keys ?? Enumerable.Empty<string>())
        {
            keys[key] = true;
        }

        foreach (var key in expose.SelectMany(ParseExpose))
        {
            keys[key] = true;
        }

        return keys;
    }

    /// <summary>Parses a <c>--expose</c> value ("80", "80/udp", "8000-8010/tcp") into normalized keys like "80/udp".</summary>
    public static IReadOnlyList<string> ParseExpose(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!TryParseKey(value, out var start, out var end, out var protocol, out var problem))
        {
            throw EngineException.Invalid($"invalid range format for --expose: {value}, error: {problem}");
        }

        var keys = new string[end - start + 1];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = PortBinding.PortKey(start + i, protocol);
        }

        return keys;
    }

    private static bool TryParseKey(string key, out int start, out int end, out PortProtocol protocol, out string problem)
    {
        start = end = 0;
        protocol = PortProtocol.Tcp;
        var (protoName, portPart) = PortSpec.SplitProto(key);
        if (portPart.Length == 0)
        {
            problem = "no port specified";
            return false;
        }

        protoName = protoName.ToLowerInvariant();
        if (!PortProtocols.TryParse(protoName, out protocol))
        {
            problem = $"invalid proto: {protoName}";
            return false;
        }

        if (!PortSpec.TryParseRange(portPart, out start, out end) || start == 0)
        {
            problem = $"invalid port range: {portPart}";
            return false;
        }

        problem = "";
        return true;
    }

    private static List<PortBinding> Deduplicate(List<PortBinding> bindings) =>
        bindings
            .DistinctBy(b => b.ContainerKey, StringComparer.Ordinal)
            .OrderBy(b => b.ContainerPort)
            .ThenBy(b => b.Protocol)
            .ToList();
}
