using System.Globalization;
using Cais.Api;
using Cais.Common;

namespace Cais.Network.Views;

/// <summary>Docker's network document (inspect, and each element of the list): the one place its fields are decided.</summary>
public static class NetworkResources
{
    public static NetworkResource Build(NetworkRecord n, IReadOnlyList<NetworkUser> users)
    {
        ArgumentNullException.ThrowIfNull(n);
        ArgumentNullException.ThrowIfNull(users);
        var containers = new Dictionary<string, EndpointResource>(StringComparer.Ordinal);
        foreach (var user in users.Where(u => u.Endpoint is not null))
        {
            var e = user.Endpoint!;
            containers[user.ContainerId] = new EndpointResource
            {
                Name = user.ContainerName,
                MacAddress = e.MacAddress,
                IPv4Address = string.Create(CultureInfo.InvariantCulture, $"{e.IPAddress}/{e.PrefixLength}"),
            };
        }

        return new NetworkResource
        {
            Name = n.Name,
            Id = n.Id,
            Created = n.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            Scope = "local",
            Driver = n.Driver,
            IPAM = new Ipam
            {
                Driver = "default",
                Options = new Dictionary<string, string>(),
                Config = [new IpamConfig { Subnet = n.Subnet, Gateway = n.Gateway }],
            },
            Internal = n.Internal,
            ConfigFrom = new ConfigReference(),
            Containers = containers,
            Options = new Dictionary<string, string> { ["com.docker.network.bridge.name"] = n.BridgeName },
            Labels = n.Labels,
        };
    }

    /// <summary>host or none: no IPAM, no addresses, the containers in that mode.</summary>
    public static NetworkResource Predefined(string name, IReadOnlyList<NetworkUser> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        return new NetworkResource
        {
            Name = name,
            Id = PredefinedNetworks.Id(name),
            Created = GoTime.Zero,
            Scope = "local",
            Driver = PredefinedNetworks.Driver(name),
            IPAM = new Ipam { Driver = "default", Config = [] },
            ConfigFrom = new ConfigReference(),
            Containers = users.ToDictionary(u => u.ContainerId, u => new EndpointResource { Name = u.ContainerName }, StringComparer.Ordinal),
            Options = new Dictionary<string, string>(),
            Labels = new Dictionary<string, string>(),
        };
    }
}
