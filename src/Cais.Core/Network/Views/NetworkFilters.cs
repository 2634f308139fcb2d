using Cais.Api;
using Cais.Common;

namespace Cais.Network.Views;

/// <summary>
/// The network list's filters as Docker reads them: name and id (exact, or a regular expression found in them), driver,
/// scope (every cais network is "local"), label (KEY or KEY=VALUE, all must hold), type (custom or builtin), dangling
/// (true: no container uses it). Values of one key are alternatives; keys must all match.
/// </summary>
public static class NetworkFilters
{
    private static readonly string[] s_keys = ["name", "id", "driver", "scope", "label", "type", "dangling"];

    /// <summary>Refuses unknown keys and values, in Docker's words.</summary>
    public static void Validate(FilterArgs filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        FilterMatch.RefuseUnknownKeys(filters, s_keys);
        foreach (var value in filters.Get("type"))
        {
            if (value is not ("custom" or "builtin"))
            {
                throw EngineException.Invalid($"invalid filter: 'type'='{value}'");
            }
        }

        _ = Dangling(filters);
    }

    /// <summary>Whether a network (described by what the filters look at) passes every given filter key.</summary>
    public static bool Matches(FilterArgs filters, NetworkResource network, bool builtin, bool used)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(network);
        return FilterMatch.AnyValue(filters, "name", v => FilterMatch.Pattern(v, network.Name))
            && FilterMatch.AnyValue(filters, "id", v => FilterMatch.Pattern(v, network.Id))
            && FilterMatch.AnyValue(filters, "driver", v => v == network.Driver)
            && FilterMatch.AnyValue(filters, "scope", v => v == network.Scope)
            && FilterMatch.Labels(filters, "label", network.Labels)
            && FilterMatch.AnyValue(filters, "type", v => (v == "builtin") == builtin)
            && (Dangling(filters) is not { } dangling || dangling == !used);
    }

    private static bool? Dangling(FilterArgs filters) => FilterMatch.Boolean(filters, "dangling", allowDigits: true,
        _ => EngineException.Invalid("invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")"));
}
