using Cais.Api;
using Cais.Containers.Inspect;
using Cais.Metadata;

namespace Cais.Containers.Listing;

/// <summary>A container's row of the container list (Docker's /containers/json), from its record.</summary>
public static class ContainerSummaries
{
    public static ContainerSummary Build(ContainerRecord c, DateTimeOffset now, Func<string, string?> networkIdOf)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(networkIdOf);
        // The configured networks, in the order joined, with this run's address where attached.
        var networks = new Dictionary<string, EndpointSettings>(StringComparer.Ordinal);
        foreach (var request in c.Settings.Networks)
        {
            var endpoint = c.State.Endpoints.FirstOrDefault(e => e.NetworkName == request.Network);
            networks[request.Network] = ContainerInspection.Endpoint(c, endpoint?.NetworkId ?? networkIdOf(request.Network) ?? "", request, endpoint);
        }

        return new ContainerSummary
        {
            Id = c.Id,
            Names = ["/" + c.Name],
            Image = c.ImageName,
            ImageID = c.ImageId,
            Command = ContainerCommandText.Of(c.Command),
            Created = c.Created.ToUnixTimeSeconds(),
            Ports = ContainerPortMaps.Summaries(ContainerPortMaps.Published(c)),
            Labels = c.Settings.Labels,
            State = c.State.Status.ToDockerName(),
            Status = ContainerStatusText.Of(c.State, now),
            HostConfig = new ContainerSummaryHostConfig { NetworkMode = c.Settings.NetworkMode },
            NetworkSettings = new ContainerSummaryNetworkSettings { Networks = networks },
            Mounts = ContainerInspection.Mounts(c.Settings),
        };
    }
}
