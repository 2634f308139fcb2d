using System.Net;
using Cais.Containers;
using Cais.Core.Tests.Network.Dns;

namespace Cais.Core.Tests.Containers;

public sealed class ContainerDnsRecordSourceTests : IDisposable
{
    private readonly ResolverTestState _state = new();

    public void Dispose() => _state.Dispose();

    [Theory]
    [InlineData("web")]
    [InlineData("WEB")]
    [InlineData("web.")]
    [InlineData("Frontend.")]
    [InlineData("www")]
    public void Matches_name_and_aliases_case_insensitively_with_or_without_the_trailing_dot(string name)
    {
        var front = _state.AddNetwork("front", "127.0.0.41");
        _state.AddContainer("web", "running", (front, "172.30.0.2", ["frontend", "www"]));
        var source = new ContainerDnsRecordSource(_state.Containers);

        Assert.Equal([IPAddress.Parse("172.30.0.2")], source.Lookup(front.Id, name));
    }

    [Fact]
    public void Matches_the_twelve_character_short_id_only()
    {
        var front = _state.AddNetwork("front", "127.0.0.41");
        var web = _state.AddContainer("web", "running", (front, "172.30.0.2", []));
        var source = new ContainerDnsRecordSource(_state.Containers);

        Assert.Equal([IPAddress.Parse("172.30.0.2")], source.Lookup(front.Id, web.Id[..12].ToUpperInvariant()));
        Assert.Empty(source.Lookup(front.Id, web.Id[..11]));
        Assert.Empty(source.Lookup(front.Id, web.Id[..13]));
        Assert.Empty(source.Lookup(front.Id, web.Id));
        Assert.Empty(source.Lookup(front.Id, "web.front"));
        Assert.Empty(source.Lookup(front.Id, "."));
    }

    [Fact]
    public void A_container_on_several_networks_resolves_names_of_all_of_them_its_own_first()
    {
        var front = _state.AddNetwork("front", "127.0.0.41");
        var back = _state.AddNetwork("back", "127.0.0.42");
        var other = _state.AddNetwork("other", "127.0.0.43");
        _state.AddContainer("client", "running", (front, "172.30.0.2", []), (back, "172.31.0.2", []));
        _state.AddContainer("db", "running", (back, "172.31.0.3", []));
        _state.AddContainer("hidden", "running", (other, "172.32.0.3", []));
        _state.AddContainer("twice", "running", (front, "172.30.0.4", []));
        _state.AddContainer("twice2", "running", (back, "172.31.0.4", ["twice"]));
        var source = new ContainerDnsRecordSource(_state.Containers);

        Assert.Equal([IPAddress.Parse("172.31.0.3")], source.LookupFor(front.Id, IPAddress.Parse("172.30.0.2"), "db"));
        Assert.Equal([IPAddress.Parse("172.30.0.4")], source.LookupFor(front.Id, IPAddress.Parse("172.30.0.2"), "twice"));
        Assert.Empty(source.LookupFor(front.Id, IPAddress.Parse("172.30.0.2"), "hidden"));
        // A client the network does not know gets this network's names only.
        Assert.Empty(source.LookupFor(front.Id, IPAddress.Parse("172.30.0.99"), "db"));
    }

    [Fact]
    public void Sees_a_container_inserted_after_the_source_was_made_and_drops_one_that_stopped()
    {
        var front = _state.AddNetwork("front", "127.0.0.41");
        var source = new ContainerDnsRecordSource(_state.Containers);
        Assert.Empty(source.Lookup(front.Id, "web"));

        var web = _state.AddContainer("web", "running", (front, "172.30.0.2", []));
        Assert.Equal([IPAddress.Parse("172.30.0.2")], source.Lookup(front.Id, "web"));

        _state.Stop(web);
        Assert.Empty(source.Lookup(front.Id, "web"));
    }

    [Theory]
    [InlineData("created")]
    [InlineData("exited")]
    [InlineData("dead")]
    public void Only_running_and_paused_containers_are_answered(string status)
    {
        var front = _state.AddNetwork("front", "127.0.0.41");
        _state.AddContainer("idle", status, (front, "172.30.0.9", []));
        _state.AddContainer("sleepy", "paused", (front, "172.30.0.8", []));
        var source = new ContainerDnsRecordSource(_state.Containers);

        Assert.Empty(source.Lookup(front.Id, "idle"));
        Assert.Equal([IPAddress.Parse("172.30.0.8")], source.Lookup(front.Id, "sleepy"));
    }

    [Fact]
    public void A_container_being_started_is_answered_before_its_record_says_running()
    {
        var front = _state.AddNetwork("front", "127.0.0.41");
        var starting = _state.AddContainer("starting", "created", (front, "172.30.0.7", []));
        _state.Containers.Mutate(starting.Id, r => r with { State = r.State with { Pid = 4242 } });
        var source = new ContainerDnsRecordSource(_state.Containers);

        Assert.Equal([IPAddress.Parse("172.30.0.7")], source.Lookup(front.Id, "starting"));
    }

    [Fact]
    public void Answers_per_network_with_that_networks_address_and_aliases()
    {
        var front = _state.AddNetwork("front", "127.0.0.41");
        var back = _state.AddNetwork("back", "127.0.0.42");
        var other = _state.AddNetwork("other", "127.0.0.43");
        _state.AddContainer("api", "running", (front, "172.30.0.5", ["public"]), (back, "172.31.0.5", ["private"]));
        var source = new ContainerDnsRecordSource(_state.Containers);

        Assert.Equal([IPAddress.Parse("172.30.0.5")], source.Lookup(front.Id, "api"));
        Assert.Equal([IPAddress.Parse("172.31.0.5")], source.Lookup(back.Id, "api"));
        Assert.Empty(source.Lookup(front.Id, "private"));
        Assert.Equal([IPAddress.Parse("172.31.0.5")], source.Lookup(back.Id, "private"));
        Assert.Empty(source.Lookup(other.Id, "api"));
    }

    [Fact]
    public void A_name_shared_by_two_containers_returns_both_addresses_once()
    {
        var front = _state.AddNetwork("front", "127.0.0.41");
        _state.AddContainer("a", "running", (front, "172.30.0.2", ["pool"]));
        _state.AddContainer("b", "running", (front, "172.30.0.3", ["pool", "POOL"]));
        var source = new ContainerDnsRecordSource(_state.Containers);

        Assert.Equal([IPAddress.Parse("172.30.0.2"), IPAddress.Parse("172.30.0.3")], source.Lookup(front.Id, "pool").Order(Comparer<IPAddress>.Create((x, y) => string.CompareOrdinal(x.ToString(), y.ToString()))));
    }

    [Fact]
    public void Upstreams_are_the_asking_containers_dns_servers_on_port_53()
    {
        var front = _state.AddNetwork("front", "127.0.0.41");
        var back = _state.AddNetwork("back", "127.0.0.42");
        _state.AddContainer("custom", "running", ["192.0.2.53", "not-an-ip", "127.0.0.1", "2001:db8::53", "192.0.2.53"], (front, "172.30.0.2", []));
        _state.AddContainer("plain", "running", (front, "172.30.0.3", []));
        _state.AddContainer("loopback-only", "running", ["127.0.0.1"], (front, "172.30.0.4", []));
        _state.AddContainer("stopped", "exited", ["192.0.2.99"], (front, "172.30.0.6", []));
        var source = new ContainerDnsRecordSource(_state.Containers);

        Assert.Equal(
            [new IPEndPoint(IPAddress.Parse("192.0.2.53"), 53), new IPEndPoint(IPAddress.Parse("2001:db8::53"), 53)],
            source.UpstreamsFor(front.Id, IPAddress.Parse("172.30.0.2")));
        Assert.Null(source.UpstreamsFor(front.Id, IPAddress.Parse("172.30.0.3")));
        Assert.Null(source.UpstreamsFor(front.Id, IPAddress.Parse("172.30.0.4")));
        Assert.Null(source.UpstreamsFor(front.Id, IPAddress.Parse("172.30.0.6")));
        Assert.Null(source.UpstreamsFor(front.Id, IPAddress.Parse("172.30.0.99")));
        Assert.Null(source.UpstreamsFor(back.Id, IPAddress.Parse("172.30.0.2")));
    }

    [Fact]
    public void Has_endpoints_while_a_container_that_is_not_exited_is_attached_to_one_of_the_networks()
    {
        var front = _state.AddNetwork("front", "127.0.0.41");
        var back = _state.AddNetwork("back", "127.0.0.42");
        _state.AddContainer("starting", "created", (front, "172.30.0.2", []));
        _state.AddContainer("stopped", "exited", (back, "172.30.0.3", []));
        var source = new ContainerDnsRecordSource(_state.Containers);

        Assert.True(source.HasEndpoints([front.Id]));
        Assert.False(source.HasEndpoints([back.Id]));
        Assert.False(source.HasEndpoints([]));
    }
}
