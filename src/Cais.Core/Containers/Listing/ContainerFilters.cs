using System.Globalization;
using Cais.Api;
using Cais.Common;

namespace Cais.Containers.Listing;

/// <summary>
/// The container list's filter keys and the checks Docker makes of their values before listing anything. What each
/// key means is <see cref="ContainerFilter"/>'s.
/// </summary>
public static class ContainerFilters
{
    private static readonly string[] s_keys =
    [
        "id", "name", "status", "exited", "label", "ancestor", "network", "before", "since", "is-task", "volume",
        "publish", "expose", "health", "isolation",
    ];

    private static readonly string[] s_statuses = ["created", "restarting", "running", "removing", "paused", "exited", "dead"];

    private static readonly string[] s_healths = ["starting", "healthy", "unhealthy", "none"];

    /// <summary>Refuses unknown keys and malformed values, in Docker's words.</summary>
    public static void Validate(FilterArgs filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        FilterMatch.RefuseUnknownKeys(filters, s_keys);
        foreach (var (key, value) in filters.Pairs)
        {
            switch (key)
            {
                case "status" when !s_statuses.Contains(value):
                    throw EngineException.Invalid($"invalid filter 'status={value}'");
                case "exited" when !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                    throw EngineException.Invalid($"strconv.Atoi: parsing \"{value}\": invalid syntax");
                case "health" when !s_healths.Contains(value):
                    throw EngineException.Invalid($"Unrecognised filter value for health: {value}");
                case "publish" or "expose":
                    _ = PortFilter.Parse(key, value);
                    break;
            }
        }

        if (filters.Contains("is-task") && !filters.Get("is-task").Any(v => v is "true" or "false"))
        {
            throw EngineException.Invalid($"invalid filter 'is-task=[{string.Join(' ', filters.Get("is-task"))}]'");
        }
    }

    /// <summary>Whether the filters reach stopped containers even without "all": a status asked for (an exit code is not).</summary>
    public static bool ImpliesAll(FilterArgs filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        return filters.Contains("status");
    }
}
