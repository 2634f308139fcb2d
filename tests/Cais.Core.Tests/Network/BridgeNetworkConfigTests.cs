using System.Text.Json.Nodes;
using Cais.Network;

namespace Cais.Core.Tests.Network;

public sealed class BridgeNetworkConfigTests
{
    private static NetworkRecord Network(bool @internal) => new()
    {
        Id = new string('a', 64),
        Name = "front",
        Subnet = "10.222.3.0/24",
        Gateway = "10.222.3.1",
        BridgeName = "cais-aaaaaaaaaa",
        Internal = @internal,
        Created = DateTimeOffset.UtcNow,
    };

    [Fact]
    public void Conflist_chains_bridge_and_portmap_when_ports_are_published()
    {
        var list = BridgeNetworkConfig.Build(Network(false), "/var/lib/cais/networks/ipam", publishesPorts: true);

        Assert.Equal("1.0.0", list["cniVersion"]!.GetValue<string>());
        Assert.Equal("front", list["name"]!.GetValue<string>());
        var plugins = list["plugins"]!.AsArray();
        Assert.Equal(["bridge", "portmap"], plugins.Select(p => p!["type"]!.GetValue<string>()));

        var bridge = plugins[0]!;
        Assert.Equal("cais-aaaaaaaaaa", bridge["bridge"]!.GetValue<string>());
        Assert.True(bridge["isGateway"]!.GetValue<bool>());
        // NAT is a per-network rule of the engine's, not a per-container chain of the plugin's.
        Assert.False(bridge["ipMasq"]!.GetValue<bool>());
        Assert.True(bridge["hairpinMode"]!.GetValue<bool>());
        var ipam = bridge["ipam"]!;
        Assert.Equal("host-local", ipam["type"]!.GetValue<string>());
        Assert.Equal("/var/lib/cais/networks/ipam", ipam["dataDir"]!.GetValue<string>());
        Assert.Equal("10.222.3.0/24", ipam["ranges"]![0]![0]!["subnet"]!.GetValue<string>());
        Assert.Equal("10.222.3.1", ipam["ranges"]![0]![0]!["gateway"]!.GetValue<string>());
        Assert.Equal("0.0.0.0/0", ipam["routes"]![0]!["dst"]!.GetValue<string>());

        Assert.True(plugins[1]!["capabilities"]!["portMappings"]!.GetValue<bool>());
        Assert.True(plugins[1]!["snat"]!.GetValue<bool>());
    }

    [Fact]
    public void Conflist_without_published_ports_is_the_bridge_plugin_alone()
    {
        var plugins = BridgeNetworkConfig.Build(Network(false), "/d", publishesPorts: false)["plugins"]!.AsArray();

        Assert.Equal(["bridge"], plugins.Select(p => p!["type"]!.GetValue<string>()));
    }

    [Fact]
    public void Internal_networks_get_no_default_route()
    {
        var bridge = BridgeNetworkConfig.Build(Network(true), "/d", publishesPorts: false)["plugins"]![0]!;

        Assert.Empty(bridge["ipam"]!["routes"]!.AsArray());
    }

    [Fact]
    public void Plugin_config_takes_version_and_name_from_the_list()
    {
        var list = BridgeNetworkConfig.Build(Network(false), "/d", publishesPorts: true);
        var args = new CniRuntimeArgs { ContainerId = "c", NetnsPath = "/n" };

        var config = CniInvoker.PluginConfig(list, list["plugins"]![1]!.AsObject(), JsonNode.Parse("""{"ips":[]}"""), args);

        Assert.Equal("portmap", config["type"]!.GetValue<string>());
        Assert.Equal("front", config["name"]!.GetValue<string>());
        Assert.Equal("1.0.0", config["cniVersion"]!.GetValue<string>());
        Assert.NotNull(config["prevResult"]);
        Assert.Null(list["plugins"]![1]!["prevResult"]);
    }
}
