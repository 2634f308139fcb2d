using System.Text.Json.Nodes;

namespace Cais.Network;

/// <summary>The CNI configuration list for a bridge network: bridge (+ host-local IPAM), portmap, firewall, tuning.</summary>
public static class BridgeNetworkConfig
{
    public const string CniVersion = "1.0.0";

    /// <summary>
    /// Builds the conflist. host-local keeps its allocations under <paramref name="dataDirectory"/> (one directory per
    /// network name) so they survive restarts of cais, and its file lock there serializes concurrent container starts.
    /// </summary>
    public static JsonObject Build(NetworkRecord network, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        var bridge = new JsonObject
        {
            ["type"] = "bridge",
            ["bridge"] = network.BridgeName,
            ["isGateway"] = true,
            ["ipMasq"] = !network.Internal,
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
        var firewall = new JsonObject
        {
            ["type"] = "firewall",
            ["backend"] = "iptables",
        };
        var tuning = new JsonObject
        {
            ["type"] = "tuning",
        };
        return new JsonObject
        {
            ["cniVersion"] = CniVersion,
            ["name"] = network.Name,
            ["plugins"] = new JsonArray(bridge, portmap, firewall, tuning),
        };
    }

    /// <summary>The single-plugin list that brings up "lo" in a fresh namespace.</summary>
    public static JsonObject Loopback() => new()
    {
        ["cniVersion"] = CniVersion,
        ["name"] = "cais-loopback",
        ["plugins"] = new JsonArray(new JsonObject { ["type"] = "loopback" }),
    };
}
