using Cais.Containers.Spec;

namespace Cais.Core.Tests.Containers.Spec;

public sealed class EtcFilesTests
{
    private const string StandardHosts =
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\n" +
        "ff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";

    [Fact]
    public void Hosts_without_address_is_the_standard_block()
    {
        Assert.Equal(StandardHosts, EtcFiles.Hosts("box", null));
    }

    [Fact]
    public void Hosts_with_address_names_the_container()
    {
        Assert.Equal(StandardHosts + "10.88.0.5\tbox\n", EtcFiles.Hosts("box", "10.88.0.5"));
    }

    [Fact]
    public void Hosts_with_extra_entries()
    {
        var text = EtcFiles.Hosts("box", "10.88.0.5", [new HostsEntry("192.168.1.1", "gateway.local")]);

        Assert.EndsWith("192.168.1.1\tgateway.local\n10.88.0.5\tbox\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostname_file()
    {
        Assert.Equal("box\n", EtcFiles.Hostname("box"));
    }

    [Fact]
    public void Host_mode_copies_resolv_conf_as_is()
    {
        const string host = "nameserver 127.0.0.53\noptions edns0\n";

        Assert.Equal(host, EtcFiles.ResolvConf(host, hostNetwork: true));
    }

    [Fact]
    public void Loopback_and_ipv6_nameservers_are_dropped_and_the_rest_kept()
    {
        const string host = "# generated\nnameserver 127.0.0.53\nnameserver 10.0.0.2\nnameserver ::1\nnameserver 2001:db8::1\nsearch corp.example\noptions ndots:2 timeout:1\n";

        var text = EtcFiles.ResolvConf(host, hostNetwork: false);

        Assert.Equal("# generated\nnameserver 10.0.0.2\nsearch corp.example\noptions ndots:2 timeout:1\n", text);
        Assert.Contains("nameserver 2001:db8::1", EtcFiles.ResolvConf(host, hostNetwork: false, ipv6Enabled: true), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_loopback_nameservers_fall_back_to_dockers_defaults()
    {
        const string host = "nameserver 127.0.0.1\nnameserver 127.1.2.3\nsearch lan\n";

        var text = EtcFiles.ResolvConf(host, hostNetwork: false);

        Assert.Equal("search lan\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n", text);
    }

    [Fact]
    public void Empty_host_file_gets_defaults()
    {
        Assert.Equal("nameserver 8.8.8.8\nnameserver 8.8.4.4\n", EtcFiles.ResolvConf("", hostNetwork: false));
    }
}
