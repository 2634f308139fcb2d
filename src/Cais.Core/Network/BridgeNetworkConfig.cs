using System.Text.Json.Nodes;

namespace Cais.Network;

/// <summary>
/// The CNI configuration list for a bridge network: bridge (+ host-local IPAM), and portmap when the container publishes
/// ports. NAT and filtering are not per-container plugins (bridge's ipMasq, firewall): those cost 20-30 ms of iptables
/// calls on every start and stop, so the engine installs them once per network instead (see Firewall/).
/// </summary>
public static class BridgeNetworkConfig
{
    public const string CniVersion = "1.0.0";

    /// <summary>
    /// Builds the conflist. host-local keeps its allocations under <paramref name="dataDirectory"/> (one directory per
    /// network name) so they survive restarts of cais, and its file lock there serializes concurrent container starts.
    /// </summary>
    public static JsonObject Build(NetworkRecord network, string dataDirectory, bool publishesPorts)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        var bridge = new JsonObject
        {
            ["type"] = "bridge",
            ["bridge"] = network.BridgeName,
            ["isGateway"] = true,
            ["ipMasq"] = false,
            ["hairpinMode"] = true,
            ["ipam"] = new JsonObject
            {
                ["type"] = "host-local",
                ["dataDir"] = dataDirectory,
                ["ranges"] = new JsonArray(new JsonArray(new JsonObject
                {
                    ["subnet"] = network.Subnet,
                    ["gateway"] = network.Gateway,
                })),
                ["routes"] = network.Internal ? new JsonArray() : new JsonArray(new JsonObject { ["dst"] = "0.0.0.0/0" }),
            },
        };
        var portmap = new JsonObject
        {
            ["type"] = "portmap",
            ["capabilities"] = new JsonObject { ["portMappings"] = true },
            ["snat"] = true,
        };
        return new JsonObject
        {
            ["cniVersion"] = CniVersion,
            ["name"] = network.Name,
            ["plugins"] = publishesPorts ? new JsonArray(bridge, portmap) : new JsonArray(bridge),
        };
    }
}
