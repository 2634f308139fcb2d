using Cais.Integration.Tests.Containers;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Networking;

/// <summary>
/// The default network, several networks per container, connect/disconnect, container: mode and the resolver files
/// (--dns, --dns-search, --dns-option, --add-host). Traffic goes only to the test's own containers and bridges.
/// </summary>
[Collection(HostNetworkCollection.Name)]
public sealed class NetworkModesTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    public Task InitializeAsync()
    {
        Requires.Root("ip", "iptables-save");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await fixture.RemoveAllAsync();
        await TestNetworks.RemoveAllAsync(fixture);
    }

    [Fact]
    public async Task Without_network_flag_a_container_joins_the_default_bridge()
    {
        var gateway = await fixture.OkAsync("network", "inspect", "bridge", "--format", "{{range .IPAM.Config}}{{.Gateway}}{{end}}");

        var output = await fixture.ShAsync($"ls /sys/class/net | tr '\\n' ' '; echo; ping -c1 -W2 {gateway} >/dev/null && echo reached;"
            + " echo \"ipv6=$(ip -6 -o addr show eth0 | wc -l) disabled=$(cat /proc/sys/net/ipv6/conf/eth0/disable_ipv6)\"");

        // IPv4-only networks: no link-local IPv6 address appears on eth0 by itself (CVE-2024-32473).
        Assert.Equal("eth0 lo \nreached\nipv6=0 disabled=1", output);
        var id = await fixture.OkAsync("create", fixture.Image, "true");
        Assert.Equal("bridge", await fixture.InspectAsync(id, "{{.HostConfig.NetworkMode}}"));
        Assert.Equal("bridge", await fixture.OkAsync("ps", "-a", "--format", "{{.Networks}}"));
        await fixture.OkAsync("rm", id);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task A_list_of_networks_at_create_gives_one_interface_on_each()
    {
        var (first, firstSubnet) = await TestNetworks.CreateAsync(fixture);
        var (second, secondSubnet) = await TestNetworks.CreateAsync(fixture);

        var output = await fixture.ShAsync("ip -4 -o addr show eth0 | awk '{print $4}'; ip -4 -o addr show eth1 | awk '{print $4}'",
            "--network", first, "--network", $"name={second},alias=second-alias");

        var lines = output.Split('\n');
        Assert.StartsWith(TestNetworks.Prefix(firstSubnet), lines[0], StringComparison.Ordinal);
        Assert.StartsWith(TestNetworks.Prefix(secondSubnet), lines[1], StringComparison.Ordinal);
        await fixture.AssertNothingLeftAsync();
        await NetworkLeaks.AssertNoneAsync(fixture, first, null, TestNetworks.Prefix(firstSubnet));
        await NetworkLeaks.AssertNoneAsync(fixture, second, null, TestNetworks.Prefix(secondSubnet));
    }

    [Fact]
    public async Task Special_modes_cannot_be_mixed_with_networks()
    {
        var (name, _) = await TestNetworks.CreateAsync(fixture);

        var mixed = await fixture.RunAsync("create", "--network", "host", "--network", name, fixture.Image, "true");
        var ipOnDefault = await fixture.RunAsync("create", "--ip", "10.1.2.3", fixture.Image, "true");

        Assert.Equal(125, mixed.ExitCode);
        Assert.Contains("conflicting options: cannot attach both user-defined and non-user-defined network-modes", mixed.Stderr, StringComparison.Ordinal);
        Assert.Equal(125, ipOnDefault.ExitCode);
        Assert.Contains("user specified IP address is supported on user defined networks only", ipOnDefault.Stderr, StringComparison.Ordinal);
        Assert.Equal("", await fixture.OkAsync("ps", "-aq"));
    }

    [Fact]
    public async Task Connect_and_disconnect_change_a_running_containers_interfaces_and_survive_a_restart()
    {
        var (first, firstSubnet) = await TestNetworks.CreateAsync(fixture);
        var (second, secondSubnet) = await TestNetworks.CreateAsync(fixture);
        var id = await fixture.OkAsync("run", "-d", "--name", "roamer", "--network", first, fixture.Image, "sleep", "60");

        await fixture.OkAsync("network", "connect", "--alias", "extra", second, "roamer");
        var both = await fixture.OkAsync("exec", id, "sh", "-c", "ip -4 -o addr | grep -v ' lo ' | awk '{print $2, $4}'");
        Assert.Contains($"eth1 {TestNetworks.Prefix(secondSubnet)}", both, StringComparison.Ordinal);
        Assert.Contains($"eth0 {TestNetworks.Prefix(firstSubnet)}", both, StringComparison.Ordinal);
        // A template ranges over map keys in sorted order, as Go's does.
        Assert.Equal(string.Join(' ', new[] { first, second }.Order(StringComparer.Ordinal)),
            (await fixture.InspectAsync(id, "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}")).Trim());
        var again = await fixture.RunAsync("network", "connect", second, "roamer");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains($"endpoint with name roamer already exists in network {second}", again.Stderr, StringComparison.Ordinal);

        Assert.Equal("roamer", await fixture.OkAsync("ps", "--filter", $"network={second}", "--format", "{{.Names}}"));
        await fixture.OkAsync("network", "disconnect", first, "roamer");
        Assert.Equal("", await fixture.OkAsync("ps", "--filter", $"network={first}", "--format", "{{.Names}}"));
        var left = await fixture.OkAsync("exec", id, "sh", "-c", "ls /sys/class/net | tr '\\n' ' '");
        Assert.Equal("eth1 lo ", left);
        var notConnected = await fixture.RunAsync("network", "disconnect", first, "roamer");
        Assert.NotEqual(0, notConnected.ExitCode);
        Assert.Contains($"is not connected to network {first}", notConnected.Stderr, StringComparison.Ordinal);

        // The change is part of the container now: a restart joins only the second network.
        await fixture.OkAsync("stop", "-t", "1", id);
        await fixture.OkAsync("start", id);
        var restarted = await fixture.OkAsync("exec", id, "sh", "-c", "ip -4 -o addr show eth0 | awk '{print $4}'");
        Assert.StartsWith(TestNetworks.Prefix(secondSubnet), restarted, StringComparison.Ordinal);

        await fixture.OkAsync("rm", "-f", id);
        await fixture.AssertNothingLeftAsync();
        await NetworkLeaks.AssertNoneAsync(fixture, first, null, TestNetworks.Prefix(firstSubnet));
        await NetworkLeaks.AssertNoneAsync(fixture, second, null, TestNetworks.Prefix(secondSubnet));
    }

    [Fact]
    public async Task Connect_is_refused_for_host_and_none_containers()
    {
        var (name, _) = await TestNetworks.CreateAsync(fixture);
        var none = await fixture.OkAsync("create", "--network", "none", fixture.Image, "true");
        var host = await fixture.OkAsync("create", "--network", "host", fixture.Image, "true");

        var fromNone = await fixture.RunAsync("network", "connect", name, none);
        var fromHost = await fixture.RunAsync("network", "connect", name, host);

        Assert.Contains("container cannot be connected to multiple networks with one of the networks in private (none) mode", fromNone.Stderr, StringComparison.Ordinal);
        Assert.Contains("container cannot be disconnected from host network or connected to host network", fromHost.Stderr, StringComparison.Ordinal);
        await fixture.OkAsync("rm", none, host);
    }

    [Fact]
    public async Task Container_mode_shares_the_other_containers_namespace_hostname_and_hosts()
    {
        var target = await fixture.OkAsync("run", "-d", "--name", "netowner", "--hostname", "owner", fixture.Image, "sleep", "60");
        var ip = await fixture.InspectAsync(target, "{{.NetworkSettings.IPAddress}}");
        var ownerNetns = await fixture.OkAsync("exec", target, "readlink", "/proc/self/ns/net");

        var output = await fixture.ShAsync("readlink /proc/self/ns/net; hostname; ip -4 -o addr show eth0 | awk '{print $4}'; grep owner /etc/hosts",
            "--network", "container:netowner");

        var lines = output.Split('\n');
        Assert.Equal(ownerNetns, lines[0]);
        Assert.Equal("owner", lines[1]);
        Assert.StartsWith(ip + "/", lines[2], StringComparison.Ordinal);
        Assert.StartsWith(ip + "\towner", lines[3], StringComparison.Ordinal);

        await fixture.OkAsync("stop", "-t", "1", target);
        var stopped = await fixture.RunAsync("run", "--rm", "--network", "container:netowner", fixture.Image, "true");
        Assert.Equal(125, stopped.ExitCode);
        Assert.Contains("cannot join network namespace of a non running container", stopped.Stderr, StringComparison.Ordinal);
        var missing = await fixture.RunAsync("create", "--network", "container:nosuchcontainer", fixture.Image, "true");
        Assert.Contains("No such container: nosuchcontainer", missing.Stderr, StringComparison.Ordinal);
        await fixture.RemoveAllAsync();
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Dns_flags_and_add_host_shape_resolv_conf_and_hosts()
    {
        var gateway = await fixture.OkAsync("network", "inspect", "bridge", "--format", "{{range .IPAM.Config}}{{.Gateway}}{{end}}");

        var output = await fixture.ShAsync("cat /etc/resolv.conf; echo ---; cat /etc/hosts",
            "--dns", "192.0.2.53", "--dns-search", "example.test", "--dns-option", "ndots:2", "--add-host", "db.test:192.0.2.10",
            "--add-host", "host.test:host-gateway", "--hostname", "named");

        var (resolv, hosts) = (output.Split("---")[0], output.Split("---")[1]);
        Assert.Equal("nameserver 192.0.2.53\nsearch example.test\noptions ndots:2", resolv.Trim());
        Assert.Contains("192.0.2.10\tdb.test\n", hosts, StringComparison.Ordinal);
        Assert.Contains($"{gateway}\thost.test\n", hosts, StringComparison.Ordinal);
        Assert.Matches(@"\n[0-9.]+\tnamed$", hosts.TrimEnd());

        var bad = await fixture.RunAsync("create", "--add-host", "nocolon", fixture.Image, "true");
        Assert.Equal(125, bad.ExitCode);
        Assert.Contains("bad format for add-host", bad.Stderr, StringComparison.Ordinal);
        var badDns = await fixture.RunAsync("create", "--dns", "not-an-ip", fixture.Image, "true");
        Assert.Contains("not-an-ip is not an ip address", badDns.Stderr, StringComparison.Ordinal);
        await fixture.AssertNothingLeftAsync();
    }
}
