using Cais.Containers;
using Cais.Hosting;
using Cais.Metadata;
using Cais.Network.Ports;

namespace Cais.Core.Tests.Containers;

public sealed class ContainerNetworkingTests
{
    [Theory]
    [InlineData("none", false)]
    [InlineData("host", false)]
    [InlineData("bridge", true)]
    [InlineData("my-net", true)]
    public void Only_none_and_host_are_not_bridge_networks(string mode, bool bridge) =>
        Assert.Equal(bridge, ContainerService.IsBridgeMode(mode));

    [Fact]
    public void Stored_ports_convert_back_to_bindings_with_their_protocol_and_range()
    {
        var stored = new[]
        {
            new PublishedPort { HostIp = "127.0.0.1", HostPort = 8080, ContainerPort = 80, Protocol = "tcp" },
            new PublishedPort { HostPort = 5000, HostPortEnd = 5010, ContainerPort = 53, Protocol = "udp" },
        };

        var bindings = ContainerService.ToBindings(stored);

        Assert.Equal(new PortBinding("127.0.0.1", 8080, 80, PortProtocol.Tcp), bindings[0]);
        Assert.Equal(new PortBinding("", 5000, 53, PortProtocol.Udp, 5010), bindings[1]);
        Assert.True(bindings[1].NeedsAllocation);
    }

    [Fact]
    public void Namespaces_and_the_port_lock_live_under_the_run_root_outside_the_per_container_lock_directory()
    {
        var paths = new EnginePaths("/var/lib/x", "/run/x");
        var containers = paths.Containers;

        Assert.Equal("/run/x/netns/abc", containers.Netns("abc"));
        Assert.Equal("/run/x/ports.lock", containers.PortsLock);
        Assert.NotEqual(Path.GetDirectoryName(containers.PortsLock), containers.Locks);
        Assert.Equal("/var/lib/x/networks", paths.Networks);
    }
}
