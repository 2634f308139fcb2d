using System.Net;
using Cais.Network.Dns;

namespace Cais.Core.Tests.Network.Dns;

public sealed class ResolverConfigTests
{
    private const string Stub = "# managed by systemd-resolved\nnameserver 127.0.0.53\noptions edns0 trust-ad\nsearch lan\n";

    [Fact]
    public void Takes_nameservers_in_order_on_port_53_skipping_comments_junk_and_duplicates()
    {
        var upstreams = ResolverConfig.FromHost(
            "# comment\n; other comment\nsearch example.com\nnameserver 192.0.2.1\n  nameserver\t192.0.2.2  # trailing\n" +
            "nameserver not-an-address\nnameserver\nnameserver 2001:db8::1\nnameserver 192.0.2.1\n",
            systemdResolvedContent: null);

        Assert.Equal(["192.0.2.1:53", "192.0.2.2:53", "[2001:db8::1]:53"], upstreams.Select(e => e.ToString()));
    }

    [Fact]
    public void A_loopback_stub_is_replaced_by_systemd_resolveds_upstreams()
    {
        var upstreams = ResolverConfig.FromHost(Stub, "nameserver 198.51.100.7\nnameserver 127.0.0.1\nnameserver 198.51.100.8\n");

        Assert.Equal([IPAddress.Parse("198.51.100.7"), IPAddress.Parse("198.51.100.8")], upstreams.Select(e => e.Address));
    }

    [Fact]
    public void A_loopback_stub_is_kept_when_systemd_resolved_names_nothing_usable()
    {
        Assert.Equal([IPAddress.Parse("127.0.0.53")], ResolverConfig.FromHost(Stub, null).Select(e => e.Address));
        Assert.Equal([IPAddress.Parse("127.0.0.53")], ResolverConfig.FromHost(Stub, "nameserver 127.0.0.1\n").Select(e => e.Address));
    }

    [Fact]
    public void Systemd_resolved_is_ignored_when_the_host_names_real_servers()
    {
        var upstreams = ResolverConfig.FromHost("nameserver 192.0.2.9\n", "nameserver 198.51.100.7\n");

        Assert.Equal([IPAddress.Parse("192.0.2.9")], upstreams.Select(e => e.Address));
    }

    [Fact]
    public void Empty_configuration_gives_no_upstreams() =>
        Assert.Empty(ResolverConfig.FromHost("", null));
}
