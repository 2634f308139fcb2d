using Cais.Network.Sandbox;

namespace Cais.Core.Tests.Network.Sandbox;

public sealed class SandboxInterfacesTests
{
    [Fact]
    public void Networks_joined_into_an_empty_sandbox_get_eth0_eth1_in_order()
    {
        var taken = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var name = SandboxInterfaces.NextFree(taken);
            Assert.Equal(SandboxInterfaces.Name(i), name);
            taken.Add(name);
        }

        Assert.Equal(["eth0", "eth1", "eth2"], taken);
    }

    [Fact]
    public void A_gap_left_by_a_disconnect_is_reused_first()
    {
        Assert.Equal("eth1", SandboxInterfaces.NextFree(["eth0", "eth2"]));
        Assert.Equal("eth0", SandboxInterfaces.NextFree(["eth1"]));
    }

    [Fact]
    public void Only_the_primary_interface_carries_the_published_ports()
    {
        Assert.True(SandboxInterfaces.CarriesPorts(SandboxInterfaces.Primary));
        Assert.False(SandboxInterfaces.CarriesPorts("eth1"));
    }
}
