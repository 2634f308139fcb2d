using Cais.Common;
using Cais.Network.Ports;

namespace Cais.Core.Tests.Network.Ports;

public sealed class PortSpecTests
{
    [Fact]
    public void Container_port_alone_asks_for_any_host_port_on_every_address()
    {
        var binding = Assert.Single(PortSpec.Parse("80"));
        Assert.Equal(new PortBinding("", 0, 80, PortProtocol.Tcp), binding);
        Assert.True(binding.NeedsAllocation);
        Assert.Equal("80/tcp", binding.ContainerKey);
    }

    [Fact]
    public void Host_and_container_port()
    {
        Assert.Equal(new PortBinding("", 8080, 80, PortProtocol.Tcp), Assert.Single(PortSpec.Parse("8080:80")));
    }

    [Fact]
    public void Ip_with_empty_host_port_means_any_port_on_that_ip()
    {
        Assert.Equal(new PortBinding("127.0.0.1", 0, 80, PortProtocol.Tcp), Assert.Single(PortSpec.Parse("127.0.0.1::80")));
    }

    [Theory]
    [InlineData("[::1]:8080:80", "::1", 8080)]
    [InlineData("::1::80", "::1", 0)]
    [InlineData("[::1]::80", "::1", 0)]
    [InlineData("[1.2.3.4]:80:80", "1.2.3.4", 80)]
    [InlineData("0.0.0.0:8080:80", "0.0.0.0", 8080)]
    public void Host_ip_forms(string spec, string ip, int hostPort)
    {
        var binding = Assert.Single(PortSpec.Parse(spec));
        Assert.Equal(ip, binding.HostIp);
        Assert.Equal(hostPort, binding.HostPort);
    }

    [Theory]
    [InlineData("80/udp", PortProtocol.Udp)]
    [InlineData("80/UDP", PortProtocol.Udp)]
    [InlineData("80/sctp", PortProtocol.Sctp)]
    [InlineData("80/", PortProtocol.Tcp)]
    [InlineData("80/tcp/udp", PortProtocol.Tcp)]
    public void Protocols(string spec, PortProtocol protocol)
    {
        Assert.Equal(protocol, Assert.Single(PortSpec.Parse(spec)).Protocol);
    }

    [Fact]
    public void Ranges_expand_pairwise()
    {
        var bindings = PortSpec.Parse("127.0.0.1:8080-8082:80-82/udp");
        Assert.Equal(
            [
                new PortBinding("127.0.0.1", 8080, 80, PortProtocol.Udp),
                new PortBinding("127.0.0.1", 8081, 81, PortProtocol.Udp),
                new PortBinding("127.0.0.1", 8082, 82, PortProtocol.Udp),
            ],
            bindings);
    }

    [Fact]
    public void Container_range_without_host_ports_gets_any_port_each()
    {
        var bindings = PortSpec.Parse("80-81");
        Assert.Equal([new PortBinding("", 0, 80, PortProtocol.Tcp), new PortBinding("", 0, 81, PortProtocol.Tcp)], bindings);
    }

    [Fact]
    public void Host_range_for_a_single_container_port_is_a_pool()
    {
        var binding = Assert.Single(PortSpec.Parse("8080-8090:80"));
        Assert.Equal(new PortBinding("", 8080, 80, PortProtocol.Tcp, 8090), binding);
        Assert.True(binding.HasHostRange);
        Assert.True(binding.NeedsAllocation);
    }

    [Theory]
    [InlineData("0:80", 0)]
    [InlineData("00080:80", 80)]
    [InlineData("80-80", 0)]
    public void Edge_numbers(string spec, int hostPort)
    {
        Assert.Equal(hostPort, Assert.Single(PortSpec.Parse(spec)).HostPort);
    }

    [Fact]
    public void Extra_range_fields_are_ignored_like_docker()
    {
        Assert.Equal(2, PortSpec.Parse("80-81-82").Count);
    }

    // Texts as printed by the docker 28 client for the same -p values.
    [Theory]
    [InlineData("bad", "invalid containerPort: bad")]
    [InlineData("80:abc", "invalid containerPort: abc")]
    [InlineData("80-79", "invalid containerPort: 80-79")]
    [InlineData("-80", "invalid containerPort: -80")]
    [InlineData("+80", "invalid containerPort: +80")]
    [InlineData(" 80", "invalid containerPort:  80")]
    [InlineData("65536", "invalid containerPort: 65536")]
    [InlineData("0", "invalid containerPort: 0")]
    [InlineData("abc:80", "invalid hostPort: abc")]
    [InlineData("70000:80", "invalid hostPort: 70000")]
    [InlineData("8080-8079:80", "invalid hostPort: 8080-8079")]
    [InlineData("127.0.0.1:80", "invalid hostPort: 127.0.0.1")]
    [InlineData("80/xyz", "invalid proto: xyz")]
    [InlineData("8080-8081:80-82", "invalid ranges specified for container and host Ports: 80-82 and 8080-8081")]
    [InlineData("8080:80-81", "invalid ranges specified for container and host Ports: 80-81 and 8080")]
    [InlineData("1.2.3:80:80", "invalid IP address: 1.2.3")]
    [InlineData("localhost:80:80", "invalid IP address: localhost")]
    [InlineData("80:80:80:80", "invalid IP address: 80:80")]
    [InlineData("fe80::1%eth0::80", "invalid IP address: fe80::1%eth0")]
    [InlineData("[::1]:80", "invalid IP address [:: address [::: missing ']' in address")]
    [InlineData("80:", "no port specified: 80:<empty>")]
    [InlineData("", "no port specified: <empty>")]
    public void Invalid_specs_fail_with_dockers_text(string spec, string message)
    {
        var error = Assert.Throws<EngineException>(() => PortSpec.Parse(spec));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void ParseAll_concatenates_in_order()
    {
        var all = PortSpec.ParseAll(["8080:80", "53:53/udp"]);
        Assert.Equal([80, 53], all.Select(b => b.ContainerPort));
        Assert.Equal([PortProtocol.Tcp, PortProtocol.Udp], all.Select(b => b.Protocol));
    }
}
