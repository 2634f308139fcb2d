using Cais.Api;
using Cais.Common;
using Cais.Containers.Inspect;
using Cais.Metadata;

namespace Cais.Containers.Listing;

/// <summary>
/// A validated filter set, resolved against the containers, images and networks it names, and applied to each
/// container as Docker's list does. Values of one key are alternatives (labels excepted: all must hold); keys must all
/// match.
/// <list type="bullet">
/// <item>id: a prefix naming exactly one container; name: exact, or a regular expression found in "/NAME" or "NAME".</item>
/// <item>before/since: a container by exact name or full ID (else "no such container"), compared by creation order.</item>
/// <item>ancestor: an image by name, name:tag or ID; the containers of that image (cais images have no children).</item>
/// <item>exited: the exit code of a container that ran and stopped; status: its state; health: "none" (no healthchecks).</item>
/// <item>volume: a mount's destination or bind source; network: a network's name, or a prefix of its ID.</item>
/// <item>publish: a published host port; expose: a container port, exposed or published (only a running container's).</item>
/// <item>is-task: cais has no swarm tasks, so "true" matches nothing.</item>
/// </list>
/// </summary>
public sealed class ContainerFilter
{
    private readonly FilterArgs _filters;
    private readonly HashSet<string>? _ids;
    private readonly HashSet<string>? _ancestorImages;
    private readonly List<PortFilter> _publish;
    private readonly List<PortFilter> _expose;
    private readonly DateTimeOffset? _before;
    private readonly DateTimeOffset? _since;
    private readonly Func<string, string?> _networkIdOf;

    /// <param name="filters">Filters <see cref="ContainerFilters.Validate"/> accepted.</param>
    /// <param name="containers">Every container, for the ones id, before and since name.</param>
    /// <param name="imageIdOf">The ID of the image a name or ID resolves to, null when none does, for "ancestor".</param>
    /// <param name="networkIdOf">A network's ID by name, for "network" given as an ID.</param>
    public ContainerFilter(FilterArgs filters, IReadOnlyList<ContainerRecord> containers, Func<string, string?> imageIdOf, Func<string, string?> networkIdOf)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(containers);
        ArgumentNullException.ThrowIfNull(imageIdOf);
        ArgumentNullException.ThrowIfNull(networkIdOf);
        _filters = filters;
        _networkIdOf = networkIdOf;
        if (filters.Contains("id"))
        {
            _ids = [.. filters.Get("id").Select(prefix => containers.Where(c => c.Id.StartsWith(prefix, StringComparison.Ordinal)).ToList())
                .Where(found => found.Count == 1).Select(found => found[0].Id)];
        }

        if (filters.Contains("ancestor"))
        {
            _ancestorImages = [.. filters.Get("ancestor").Select(imageIdOf).OfType<string>()];
        }

        _publish = [.. filters.Get("publish").Select(v => PortFilter.Parse("publish", v))];
        _expose = [.. filters.Get("expose").Select(v => PortFilter.Parse("expose", v))];
        _before = Earliest(filters.Get("before").Select(v => Named(containers, v).Created));
        _since = Latest(filters.Get("since").Select(v => Named(containers, v).Created));
    }

    public bool Matches(ContainerRecord c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var f = _filters;
        return (_ids is null || _ids.Contains(c.Id))
            && FilterMatch.AnyValue(f, "name", v => FilterMatch.Pattern(v, "/" + c.Name) || FilterMatch.Pattern(v, c.Name))
            && FilterMatch.Labels(f, "label", c.Settings.Labels)
            && (_before is null || c.Created < _before)
            && (_since is null || c.Created > _since)
            && FilterMatch.AnyValue(f, "is-task", v => v == "false")
            && FilterMatch.AnyValue(f, "status", v => v == c.State.Status.ToDockerName())
            && FilterMatch.AnyValue(f, "exited", v => Exited(c, v))
            && FilterMatch.AnyValue(f, "health", v => v == "none")
            && FilterMatch.AnyValue(f, "volume", v => ContainerInspection.Mounts(c.Settings).Any(m => m.Destination == v || m.Source == v))
            && (_ancestorImages is null || _ancestorImages.Contains(c.ImageId))
            && FilterMatch.AnyValue(f, "network", v => OnNetwork(c, v))
            && PortsMatch(c);
    }

    private static bool Exited(ContainerRecord c, string code) =>
        c.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting)
        && c.State.StartedAt is not null
        && c.State.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) == code.TrimStart('+');

    /// <summary>Docker looks before/since containers up by full ID, then by exact name (with or without its '/').</summary>
    private static ContainerRecord Named(IReadOnlyList<ContainerRecord> containers, string value) =>
        containers.FirstOrDefault(c => c.Id == value)
        ?? containers.FirstOrDefault(c => c.Name == value.TrimStart('/'))
        ?? throw EngineException.NotFound($"no such container {value}");

    private static DateTimeOffset? Earliest(IEnumerable<DateTimeOffset> times) => times.Any() ? times.Min() : null;

    private static DateTimeOffset? Latest(IEnumerable<DateTimeOffset> times) => times.Any() ? times.Max() : null;

    private bool OnNetwork(ContainerRecord c, string value) =>
        c.Settings.Networks.Any(n => n.Network == value || (_networkIdOf(n.Network)?.StartsWith(value, StringComparison.Ordinal) ?? false))
        || (!ContainerService.IsBridgeMode(c.Settings.NetworkMode) && c.Settings.NetworkMode == value);

    private bool PortsMatch(ContainerRecord c)
    {
        if (_publish.Count == 0 && _expose.Count == 0)
        {
            return true;
        }

        return ContainerPortMaps.Summaries(ContainerPortMaps.Published(c)).Any(p =>
            _publish.Any(r => r.Covers(p.PublicPort, p.Type)) || _expose.Any(r => r.Covers(p.PrivatePort, p.Type)));
    }
}
