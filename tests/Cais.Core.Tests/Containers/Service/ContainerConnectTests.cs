using Cais.Common;
using Cais.Network;
using Cais.TestSupport;

namespace Cais.Core.Tests.Containers.Service;

/// <summary>Connecting and disconnecting a stopped container changes its record only; the next start acts on it.</summary>
public sealed class ContainerConnectTests : ContainerServiceTestBase
{
    [Fact]
    public async Task A_stopped_container_is_connected_and_disconnected_in_its_record_only()
    {
        await Bed.Networks.CreateAsync(new NetworkCreateRequest { Name = "front" }, CancellationToken.None);
        await Bed.Networks.CreateAsync(new NetworkCreateRequest { Name = "back" }, CancellationToken.None);
        var created = await Bed.CreateAsync(ContainerServiceTestBed.Options("web") with { NetworkMode = "front" });

        await Bed.Service.ConnectAsync("web", "back", null, ["db"], CancellationToken.None);

        var connected = Bed.Find(created.Id)!;
        Assert.Equal(["front", "back"], connected.Settings.Networks.Select(n => n.Network));
        Assert.Equal(["db"], connected.Settings.Networks[1].Aliases);
        Assert.Empty(connected.State.Endpoints);

        await Bed.Service.DisconnectAsync("web", "back", force: false, CancellationToken.None);

        Assert.Equal(["front"], Bed.Find(created.Id)!.Settings.Networks.Select(n => n.Network));
        Assert.Empty(Bed.Runtime.Calls);
    }

    [Fact]
    public async Task Connecting_twice_and_disconnecting_a_network_not_joined_are_refused_in_Docker_words()
    {
        await Bed.Networks.CreateAsync(new NetworkCreateRequest { Name = "front" }, CancellationToken.None);
        await Bed.Networks.CreateAsync(new NetworkCreateRequest { Name = "back" }, CancellationToken.None);
        var created = await Bed.CreateAsync(ContainerServiceTestBed.Options("web") with { NetworkMode = "front" });

        var twice = await Assert.ThrowsAsync<EngineException>(() => Bed.Service.ConnectAsync("web", "front", null, [], CancellationToken.None));
        var notJoined = await Assert.ThrowsAsync<EngineException>(() => Bed.Service.DisconnectAsync("web", "back", force: false, CancellationToken.None));
        var missing = await Assert.ThrowsAsync<EngineException>(() => Bed.Service.DisconnectAsync("web", "gone", force: false, CancellationToken.None));

        Assert.Equal("endpoint with name web already exists in network front", twice.Message);
        Assert.Equal($"container {created.Id} is not connected to network back", notJoined.Message);
        Assert.Equal("network gone not found", missing.Message);
    }

    [Fact]
    public async Task A_container_without_networking_cannot_be_connected()
    {
        await Bed.Networks.CreateAsync(new NetworkCreateRequest { Name = "front" }, CancellationToken.None);
        await Bed.CreateAsync(ContainerServiceTestBed.Options("web"));

        var error = await Assert.ThrowsAsync<EngineException>(() => Bed.Service.ConnectAsync("web", "front", null, [], CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("container cannot be connected to multiple networks with one of the networks in private (none) mode", error.Message);
    }
}
