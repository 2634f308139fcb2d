using Cais.Api;
using Cais.Containers.Inspect;
using Cais.Containers.Listing;
using Cais.Metadata;

namespace Cais.Containers;

/// <summary>The container service's Docker-shaped reads: inspect, the container list and the ports map.</summary>
public sealed partial class ContainerService
{
    public async Task<ContainerInspectResponse> InspectAsync(string idOrName, CancellationToken cancellationToken)
    {
        var record = await GetAsync(idOrName, cancellationToken).ConfigureAwait(false);
        var facts = new ContainerInspectionFacts
        {
            ExecIds = _execSessions.IdsOf(record.Id),
            GraphDriverData = GraphDriverData(record.Id),
            CgroupNamespace = Spec.HostFacts.Current.CgroupV2Unified,
            AppArmorEnabled = Spec.HostFacts.Current.AppArmorEnabled,
        };
        return ContainerInspection.Build(record, DataDir(record.Id), LogPath(record.Id), NetworkIdOf, facts);
    }

    /// <summary>Docker's GraphDriver.Data for an overlay rootfs: its layers, upper and work directories and mount point.</summary>
    private Dictionary<string, string>? GraphDriverData(string id)
    {
        if (snapshotter.Stat(id) is null)
        {
            return null;
        }

        var overlay = snapshotter.Mounts(id).FirstOrDefault(m => m.Type == "overlay");
        if (overlay is null)
        {
            return null;
        }

        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (option, key) in new[] { ("lowerdir=", "LowerDir"), ("upperdir=", "UpperDir"), ("workdir=", "WorkDir") })
        {
            if (overlay.Options.FirstOrDefault(o => o.StartsWith(option, StringComparison.Ordinal)) is { } value)
            {
                data[key] = value[option.Length..];
            }
        }

        data["MergedDir"] = snapshotter.MountPoint(id);
        return new Dictionary<string, string>(data.OrderBy(kv => kv.Key, StringComparer.Ordinal), StringComparer.Ordinal);
    }

    /// <summary>
    /// Docker's container list: running ones (every state with <see cref="ContainerListOptions.All"/>, a limit, or a
    /// status filter), newest first, filtered. Unknown filters are refused in Docker's words before anything is read.
    /// </summary>
    public async Task<IReadOnlyList<ContainerSummary>> ListAsync(ContainerListOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ContainerFilters.Validate(options.Filters);
        var all = options.All || options.Limit > 0 || ContainerFilters.ImpliesAll(options.Filters);
        var now = DateTimeOffset.UtcNow;
        var records = await ListAsync(cancellationToken).ConfigureAwait(false);
        var filter = new ContainerFilter(options.Filters, records, name => images.Find(name)?.Id, NetworkIdOf);
        var list = records
            .OrderByDescending(c => c.Created)
            .Where(c => all || c.State.Status is ContainerStatus.Running or ContainerStatus.Paused)
            .Where(filter.Matches);
        if (options.Limit > 0)
        {
            list = list.Take(options.Limit);
        }

        return [.. list.Select(c => options.Size ? WithSizes(ContainerSummaries.Build(c, now, NetworkIdOf)) : ContainerSummaries.Build(c, now, NetworkIdOf))];
    }

    /// <summary>NetworkSettings.Ports of a container: what <c>port</c> reads.</summary>
    public async Task<PortMap> PortsAsync(string idOrName, CancellationToken cancellationToken)
    {
        var record = await GetAsync(idOrName, cancellationToken).ConfigureAwait(false);
        return ContainerPortMaps.Published(record);
    }

    private ContainerSummary WithSizes(ContainerSummary summary)
    {
        var (rw, rootFs) = ContainerSizes.Of(summary.Id, snapshotter);
        return summary with { SizeRw = rw, SizeRootFs = rootFs };
    }

    private string? NetworkIdOf(string networkName) => networks?.Repository.GetByName(networkName)?.Id;
}
