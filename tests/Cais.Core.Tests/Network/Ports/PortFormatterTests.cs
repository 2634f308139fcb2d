using Cais.Cli.Rendering;
using Cais.Common;
using Cais.Containers.Inspect;
using Cais.Network.Ports;
using PortMap = Cais.Network.Ports.PortMap;

namespace Cais.Core.Tests.Network.Ports;

public sealed class PortFormatterTests
{
    private static string Ps(IEnumerable<PortBinding> published, IEnumerable<string> exposed, bool ipv6) =>
        PortFormatter.PsColumn(ContainerPortMaps.Summaries(ContainerPortMaps.From(PortMap.Build(published, exposed, ipv6))));

    [Fact]
    public void Single_mapping_on_both_families()
    {
        Assert.Equal("0.0.0.0:8080->80/tcp, :::8080->80/tcp", Ps([new PortBinding("", 8080, 80, PortProtocol.Tcp)], [], ipv6: true));
    }

    [Fact]
    public void Different_host_ports_are_listed_singly_like_docker()
    {
        Assert.Equal(
            "0.0.0.0:8080->80/tcp, 0.0.0.0:8081->81/tcp",
            Ps(PortSpec.Parse("8080-8081:80-81"), [], ipv6: false));
    }

    [Fact]
    public void Same_numbered_consecutive_ports_collapse_into_a_range()
    {
        Assert.Equal(
            "0.0.0.0:80-82->80-82/tcp, :::80-82->80-82/tcp",
            Ps(PortSpec.Parse("80-82:80-82"), [], ipv6: true));
    }

    [Fact]
    public void Unpublished_exposed_ports_collapse_per_protocol()
    {
        Assert.Equal("53/udp, 80-81/tcp", Ps([], ["80/tcp", "81/tcp", "53/udp"], ipv6: false));
    }

    [Fact]
    public void A_gap_closes_a_run_before_the_open_groups()
    {
        Assert.Equal("80/tcp, 90/tcp", Ps([], ["80/tcp", "90/tcp"], ipv6: false));
        Assert.Equal("80-81/tcp, 90/tcp, 85/udp", Ps([], ["80/tcp", "81/tcp", "90/tcp", "85/udp"], ipv6: false));
    }

    [Fact]
    public void Mixed_protocols_and_specific_ips()
    {
        var published = new[]
        {
            new PortBinding("127.0.0.1", 5353, 53, PortProtocol.Udp),
            new PortBinding("::1", 8443, 443, PortProtocol.Tcp),
            new PortBinding("", 80, 80, PortProtocol.Tcp),
        };
        Assert.Equal(
            "22/tcp, 0.0.0.0:80->80/tcp, 127.0.0.1:5353->53/udp, ::1:8443->443/tcp",
            Ps(published, ["22/tcp"], ipv6: false));
    }

    [Fact]
    public void PortMap_lists_unpublished_ports_as_null_and_sorts_keys_like_go()
    {
        var map = PortMap.Build([new PortBinding("", 8080, 80, PortProtocol.Tcp)], ["443/tcp", "80/tcp"], includeIpv6: true);
        Assert.Equal(["443/tcp", "80/tcp"], map.Keys);
        Assert.Null(map["443/tcp"]);
        Assert.Equal([new HostBinding("0.0.0.0", "8080"), new HostBinding("::", "8080")], map["80/tcp"]!);
    }

    [Fact]
    public void PortMap_refuses_unallocated_bindings()
    {
        Assert.Throws<ArgumentException>(() => PortMap.Build(PortSpec.Parse("80"), [], includeIpv6: false));
    }

    [Fact]
    public void Port_command_lists_every_mapping_in_natural_order()
    {
        var map = PortMap.Build(
            [
                new PortBinding("", 10000, 100, PortProtocol.Tcp),
                new PortBinding("", 8080, 80, PortProtocol.Tcp),
                new PortBinding("127.0.0.1", 9000, 9, PortProtocol.Udp),
            ],
            ["22/tcp"],
            includeIpv6: true);
        Assert.Equal(
            [
                "9/udp -> 127.0.0.1:9000",
                "80/tcp -> 0.0.0.0:8080",
                "80/tcp -> [::]:8080",
                "100/tcp -> 0.0.0.0:10000",
                "100/tcp -> [::]:10000",
            ],
            PortFormatter.PortCommandLines(ContainerPortMaps.From(map), null, "web"));
    }

    [Fact]
    public void Port_command_for_one_port_prints_host_addresses_only()
    {
        var map = PortMap.Build([new PortBinding("", 8080, 80, PortProtocol.Tcp)], [], includeIpv6: true);
        Assert.Equal(["0.0.0.0:8080", "[::]:8080"], PortFormatter.PortCommandLines(ContainerPortMaps.From(map), "80", "web"));
        Assert.Equal(["0.0.0.0:8080", "[::]:8080"], PortFormatter.PortCommandLines(ContainerPortMaps.From(map), "80/tcp", "web"));
    }

    [Fact]
    public void Port_command_errors()
    {
        var map = PortMap.Build([new PortBinding("", 8080, 80, PortProtocol.Tcp)], ["22/tcp"], includeIpv6: false);
        var notPublished = Assert.Throws<EngineException>(() => PortFormatter.PortCommandLines(ContainerPortMaps.From(map), "80/udp", "web"));
        Assert.Equal(ErrorKind.NotFound, notPublished.Kind);
        Assert.Equal("No public port '80/udp' published for web", notPublished.Message);
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<EngineException>(() => PortFormatter.PortCommandLines(ContainerPortMaps.From(map), "22", "web")).Kind);
        var bad = Assert.Throws<EngineException>(() => PortFormatter.PortCommandLines(ContainerPortMaps.From(map), "abc", "web"));
        Assert.Equal(ErrorKind.InvalidArgument, bad.Kind);
    }

    [Theory]
    [InlineData("9/udp", "10/tcp", -1)]
    [InlineData("80/tcp -> 0.0.0.0:8080", "80/tcp -> [::]:8080", -1)]
    [InlineData("a", "a", 0)]
    [InlineData("a1", "a", 1)]
    public void Natural_compare(string a, string b, int sign)
    {
        Assert.Equal(sign, Math.Sign(PortFormatter.NaturalCompare(a, b)));
    }
}
