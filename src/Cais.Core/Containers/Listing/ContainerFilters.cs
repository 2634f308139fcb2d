using System.Globalization;
using Cais.Api;
using Cais.Common;
using Cais.Metadata;

namespace Cais.Containers.Listing;

/// <summary>
/// The container list's filters as Docker reads them: id (prefix), name (substring), status, exited, label (KEY or
/// KEY=VALUE), ancestor, network. Every given filter must match.
/// </summary>
public static class ContainerFilters
{
    private static readonly string[] s_keys = ["id", "name", "status", "exited", "label", "ancestor", "network"];

    private static readonly string[] s_statuses = ["created", "restarting", "running", "removing", "paused", "exited", "dead"];

    /// <summary>Refuses unknown keys and statuses, in Docker's words.</summary>
    public static void Validate(FilterArgs filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        foreach (var (key, value) in filters.Pairs)
        {
            if (!s_keys.Contains(key))
            {
                throw EngineException.Invalid($"invalid filter '{key}'");
            }

            if (key == "status" && !s_statuses.Contains(value))
            {
                throw EngineException.Invalid($"invalid filter 'status={value}'");
            }
        }
    }

    /// <summary>Whether the filters reach stopped containers even without "all" (a status or exit code asked for).</summary>
    public static bool ImpliesAll(FilterArgs filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        return filters.Contains("status") || filters.Contains("exited");
    }

    /// <param name="c">The container.</param>
    /// <param name="filters">Validated filters.</param>
    /// <param name="imageIdOf">The ID of the image a name or ID prefix resolves to, for "ancestor".</param>
    /// <param name="networkIdOf">A network's ID by name, for "network" given as an ID.</param>
    public static bool Matches(ContainerRecord c, FilterArgs filters, Func<string, string?> imageIdOf, Func<string, string?> networkIdOf)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(filters);
        return filters.Pairs.All(f => f.Key switch
        {
            "id" => c.Id.StartsWith(f.Value, StringComparison.Ordinal),
            "name" => c.Name.Contains(f.Value.TrimStart('/'), StringComparison.Ordinal),
            "status" => c.State.Status.ToDockerName() == f.Value,
            "exited" => c.State.Status == ContainerStatus.Exited && int.TryParse(f.Value, CultureInfo.InvariantCulture, out var code) && c.State.ExitCode == code,
            "label" => f.Value.Split('=', 2) is var kv && c.Settings.Labels.TryGetValue(kv[0], out var v) && (kv.Length == 1 || v == kv[1]),
            "ancestor" => c.ImageName == f.Value || imageIdOf(f.Value) == c.ImageId,
            // A network's name, or its ID (full or prefix) among the networks the container joins.
            "network" => c.Settings.Networks.Any(n => n.Network == f.Value || (networkIdOf(n.Network)?.StartsWith(f.Value, StringComparison.Ordinal) ?? false))
                || (!ContainerService.IsBridgeMode(c.Settings.NetworkMode) && c.Settings.NetworkMode == f.Value),
            _ => false,
        });
    }
}
