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
    public void Conflist_chains_bridge_portmap_firewall_tuning()
    {
        var list = BridgeNetworkConfig.Build(Network(false), "/var/lib/cais/networks/ipam");

        Assert.Equal("1.0.0", list["cniVersion"]!.GetValue<string>());
        Assert.Equal("front", list["name"]!.GetValue<string>());
        var plugins = list["plugins"]!.AsArray();
        Assert.Equal(["bridge", "portmap", "firewall", "tuning"], plugins.Select(p => p!["type"]!.GetValue<string>()));

        var bridge = plugins[0]!;
        Assert.Equal("cais-aaaaaaaaaa", bridge["bridge"]!.GetValue<string>());
        Assert.True(bridge["isGateway"]!.GetValue<bool>());
        Assert.True(bridge["ipMasq"]!.GetValue<bool>());
        Assert.True(bridge["hairpinMode"]!.GetValue<bool>());
        var ipam = bridge["ipam"]!;
        Assert.Equal("host-local", ipam["type"]!.GetValue<string>());
        Assert.Equal("/var/lib/cais/networks/ipam", ipam["dataDir"]!.GetValue<string>());
        Assert.Equal("10.222.3.0/24", ipam["ranges"]![0]![0]!["subnet"]!.GetValue<string>());
        Assert.Equal("10.222.3.1", ipam["ranges"]![0]![0]!["gateway"]!.GetValue<string>());
        Assert.Equal("0.0.0.0/0", ipam["routes"]![0]!["dst"]!.GetValue<string>());

        Assert.True(plugins[1]!["capabilities"]!["portMappings"]!.GetValue<bool>());
        Assert.True(plugins[1]!["snat"]!.GetValue<bool>());
        Assert.Equal("iptables", plugins[2]!["backend"]!.GetValue<string>());
    }

    [Fact]
    public void Internal_networks_get_no_masquerade_and_no_default_route()
    {
        var bridge = BridgeNetworkConfig.Build(Network(true), "/d")["plugins"]![0]!;

        Assert.False(bridge["ipMasq"]!.GetValue<bool>());
        Assert.Empty(bridge["ipam"]!["routes"]!.AsArray());
    }

    [Fact]
    public void Plugin_config_takes_version_and_name_from_the_list()
    {
        var list = BridgeNetworkConfig.Build(Network(false), "/d");
        var args = new CniRuntimeArgs { ContainerId = "c", NetnsPath = "/n" };

        var config = CniInvoker.PluginConfig(list, list["plugins"]![2]!.AsObject(), JsonNode.Parse("""{"ips":[]}"""), args);

        Assert.Equal("firewall", config["type"]!.GetValue<string>());
        Assert.Equal("front", config["name"]!.GetValue<string>());
        Assert.Equal("1.0.0", config["cniVersion"]!.GetValue<string>());
        Assert.NotNull(config["prevResult"]);
        Assert.Null(list["plugins"]![2]!["prevResult"]);
    }
}
