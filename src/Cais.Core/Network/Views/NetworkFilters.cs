using Cais.Api;
using Cais.Common;

namespace Cais.Network.Views;

/// <summary>
/// The network list's filters as Docker reads them: name (substring), id (prefix), driver, label (KEY or KEY=VALUE),
/// type (custom or builtin), dangling (true: no container uses it). Values of one key are alternatives; keys must all
/// match.
/// </summary>
public static class NetworkFilters
{
    private static readonly string[] s_keys = ["name", "id", "driver", "label", "type", "dangling"];

    /// <summary>Refuses unknown keys and values, in Docker's words.</summary>
    public static void Validate(FilterArgs filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        foreach (var (key, value) in filters.Pairs)
        {
            if (!s_keys.Contains(key))
            {
                throw EngineException.Invalid($"invalid filter '{key}'");
            }

            if (key == "type" && value is not ("custom" or "builtin"))
            {
                throw EngineException.Invalid($"invalid filter: 'type'='{value}'");
            }

            if (key == "dangling" && value is not ("true" or "false" or "1" or "0"))
            {
                throw EngineException.Invalid($"invalid filter 'dangling={value}'");
            }
        }
    }

    /// <summary>Whether a network (described by what the filters look at) passes every given filter key.</summary>
    public static bool Matches(FilterArgs filters, NetworkResource network, bool builtin, bool used)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(network);
        return filters.Keys.All(key => filters.Get(key).Any(value => key switch
        {
            "name" => network.Name.Contains(value, StringComparison.Ordinal),
            "id" => network.Id.StartsWith(value, StringComparison.Ordinal),
            "driver" => network.Driver == value,
            "label" => value.Split('=', 2) is var parts && network.Labels is { } labels && labels.TryGetValue(parts[0], out var actual) && (parts.Length == 1 || actual == parts[1]),
            "type" => (value == "builtin") == builtin,
            "dangling" => (value is "true" or "1") == !used,
            _ => false,
        }));
    }
}
