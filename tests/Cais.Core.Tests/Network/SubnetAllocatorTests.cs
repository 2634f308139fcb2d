using Cais.Common;
using Cais.Network;

namespace Cais.Core.Tests.Network;

public sealed class SubnetAllocatorTests
{
    // A real /proc/net/route: default via eth0, the LAN 192.168.1.0/24 and docker's 172.17.0.0/16.
    private const string RouteTable =
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n" +
        "eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n" +
        "eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n" +
        "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n";

    private static HostRoute Route(string cidr) => new("eth0", Ipv4Cidr.Parse(cidr));

    [Fact]
    public void Proc_net_route_is_parsed_with_little_endian_addresses_and_masks()
    {
        var routes = HostRoutes.Parse(RouteTable);

        Assert.Equal(["0.0.0.0/0", "192.168.1.0/24", "172.17.0.0/16"], routes.Select(r => r.Destination.ToString()));
        Assert.Equal("docker0", routes[2].Interface);
    }

    [Fact]
    public void First_pool_is_chosen_when_nothing_is_in_the_way_and_default_route_is_ignored()
    {
        Assert.Equal("172.17.0.0/16", SubnetAllocator.Choose([], [Route("0.0.0.0/0")]).ToString());
    }

    [Fact]
    public void Pools_overlapping_host_routes_or_existing_networks_are_skipped()
    {
        var chosen = SubnetAllocator.Choose(
            [Ipv4Cidr.Parse("172.18.0.0/16")],
            HostRoutes.Parse(RouteTable).Append(Route("172.19.5.0/24")));

        Assert.Equal("172.20.0.0/16", chosen.ToString());
    }

    [Fact]
    public void A_wide_host_route_pushes_allocation_to_the_192_168_pools_in_20_steps()
    {
        var chosen = SubnetAllocator.Choose([Ipv4Cidr.Parse("192.168.0.0/20")], [Route("172.16.0.0/12")]);

        Assert.Equal("192.168.16.0/20", chosen.ToString());
    }

    [Fact]
    public void Exhausted_pools_are_an_error()
    {
        var error = Assert.Throws<EngineException>(() => SubnetAllocator.Choose([], [Route("172.16.0.0/12"), Route("192.168.0.0/16")]));

        Assert.Equal(ErrorKind.Unavailable, error.Kind);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.222.1.0/24", true)]
    [InlineData("10.222.1.0/24", "10.222.2.0/24", false)]
    [InlineData("10.222.1.7/24", "10.222.1.0/25", true)]
    public void Overlap_is_symmetric_prefix_containment(string a, string b, bool overlaps)
    {
        Assert.Equal(overlaps, Ipv4Cidr.Parse(a).Overlaps(Ipv4Cidr.Parse(b)));
        Assert.Equal(overlaps, Ipv4Cidr.Parse(b).Overlaps(Ipv4Cidr.Parse(a)));
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("10.1.2.0/33")]
    [InlineData("fd00::/64")]
    [InlineData("10.1/16")]
    public void Invalid_cidrs_are_rejected(string text) => Assert.False(Ipv4Cidr.TryParse(text, out _));

    [Fact]
    public void Host_bits_are_dropped_and_first_host_is_the_gateway()
    {
        var cidr = Ipv4Cidr.Parse("10.222.7.99/24");

        Assert.Equal("10.222.7.0/24", cidr.ToString());
        Assert.Equal("10.222.7.1", Ipv4Cidr.FormatAddress(cidr.FirstHost));
        Assert.Equal("10.222.7.255", Ipv4Cidr.FormatAddress(cidr.Broadcast));
    }
}
