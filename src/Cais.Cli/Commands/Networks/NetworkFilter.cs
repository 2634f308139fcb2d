using Cais.Common;

namespace Cais.Cli.Commands.Networks;

/// <summary>
/// <c>network ls --filter</c> as Docker reads it: name (substring), id (prefix), driver, label (KEY or KEY=VALUE),
/// type (custom or builtin), dangling (true: no container uses it). Values of one key are alternatives; keys must all
/// match.
/// </summary>
public sealed class NetworkFilter
{
    private static readonly string[] s_keys = ["name", "id", "driver", "label", "type", "dangling"];

    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public static NetworkFilter Parse(IEnumerable<string> filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var filter = new NetworkFilter();
        foreach (var text in filters)
        {
            var (key, value) = FilterSyntax.Split(text);
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

            if (!filter._values.TryGetValue(key, out var list))
            {
                filter._values[key] = list = [];
            }

            list.Add(value);
        }

        return filter;
    }

    /// <summary>Whether a network (described by what the filters look at) passes every given filter key.</summary>
    public bool Matches(string id, string name, string driver, IReadOnlyDictionary<string, string> labels, bool builtin, bool used) =>
        _values.All(kv => kv.Value.Any(value => kv.Key switch
        {
            "name" => name.Contains(value, StringComparison.Ordinal),
            "id" => id.StartsWith(value, StringComparison.Ordinal),
            "driver" => driver == value,
            "label" => value.Split('=', 2) is var parts && labels.TryGetValue(parts[0], out var actual) && (parts.Length == 1 || actual == parts[1]),
            "type" => (value == "builtin") == builtin,
            "dangling" => (value is "true" or "1") == !used,
            _ => false,
        }));
}
