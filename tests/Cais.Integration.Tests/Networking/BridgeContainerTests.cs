using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Cais.Integration.Tests.Containers;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Networking;

/// <summary>
/// Containers on bridge networks through the CLI: addresses, reachability, published ports and that rm leaves no
/// veth, namespace, address allocation or iptables rule. Traffic goes only to 127.0.0.1, the test's bridges and its
/// containers.
/// </summary>
[Collection(HostNetworkCollection.Name)]
public sealed class BridgeContainerTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    private const string DefaultBridge = "cais0";

    private bool _defaultBridgeExisted;

    public Task InitializeAsync()
    {
        Requires.Root("ip", "iptables-save");
        _defaultBridgeExisted = Directory.Exists($"/sys/class/net/{DefaultBridge}");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await fixture.RemoveAllAsync();
        var networks = await fixture.RunAsync("network", "ls", "--format", "{{.Name}}");
        foreach (var name in networks.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(n => n.StartsWith("cais-test", StringComparison.Ordinal)))
        {
            await fixture.RunAsync("network", "rm", name);
        }

        // The default bridge is never removed by cais; one this test created must not outlive it.
        if (!_defaultBridgeExisted && Directory.Exists($"/sys/class/net/{DefaultBridge}"))
        {
            await ExternalTool.RunAsync("ip", ["link", "delete", DefaultBridge], CancellationToken.None);
        }
    }

    [Fact]
    public async Task Container_on_the_default_bridge_gets_an_address_in_its_subnet_and_reaches_the_gateway()
    {
        var ipam = (await fixture.OkAsync("network", "inspect", "bridge", "--format", "{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}")).Split(' ');
        var (subnet, gateway) = (ipam[0], ipam[1]);

        var output = await fixture.ShAsync(
            $"ip -4 -o addr show eth0 | awk '{{print $4}}'; ping -c1 -W2 {gateway} >/dev/null && echo reached; grep \"$(hostname)\" /etc/hosts",
            "--network", "bridge");
        var lines = output.Split('\n');

        var address = lines[0].Split('/')[0];
        Assert.True(InSubnet(address, subnet), $"{lines[0]} is not in {subnet}");
        Assert.Equal("reached", lines[1]);
        Assert.StartsWith(address + "\t", lines[2], StringComparison.Ordinal);
        await fixture.AssertNothingLeftAsync();
        await AssertNoNetworkLeftAsync("bridge", address);
    }

    [Fact]
    public async Task A_fresh_state_root_adopts_the_address_an_existing_default_bridge_has()
    {
        var created = false;
        if (!Directory.Exists($"/sys/class/net/{DefaultBridge}"))
        {
            var (probe, subnet) = await CreateTestNetworkAsync();
            await fixture.OkAsync("network", "rm", probe);
            var gatewayCidr = subnet.Replace(".0/24", ".1/24", StringComparison.Ordinal);
            await ExternalTool.RunCheckedAsync("ip", ["link", "add", DefaultBridge, "type", "bridge"], CancellationToken.None);
            created = true;
            await ExternalTool.RunCheckedAsync("ip", ["addr", "add", gatewayCidr, "dev", DefaultBridge], CancellationToken.None);
        }

        try
        {
            var existing = (await ExternalTool.RunCheckedAsync("ip", ["-4", "-o", "addr", "show", "dev", DefaultBridge], CancellationToken.None)).Stdout
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(f => f != "inet").Skip(1).First();
            await using var fresh = new CaisCli();
            await fresh.OkAsync("pull", "-q", fixture.Image);

            var ipam = await fresh.OkAsync("network", "inspect", "bridge", "--format", "{{range .IPAM.Config}}{{.Gateway}}/{{.Subnet}}{{end}}");
            var gateway = existing.Split('/')[0];
            Assert.StartsWith(gateway + "/", ipam, StringComparison.Ordinal);
            var ping = await fresh.RunAsync(["run", "--rm", "--network", "bridge", fixture.Image, "sh", "-c", $"ping -c1 -W2 {gateway} >/dev/null && echo reached"],
                stdin: null, ContainerFixture.Timeout);
            Assert.True(ping.ExitCode == 0, ping.ToString());
            Assert.Equal("reached", ping.Out);

            // conmon's exit command may still be cleaning up; the fresh state root must outlive it.
            Assert.True(await ContainerFixture.EventuallyAsync(() => !CleanupRunningFor(fresh.Root), TimeSpan.FromSeconds(20)),
                "container cleanup of the fresh state root did not finish");
        }
        finally
        {
            if (created)
            {
                await ExternalTool.RunAsync("ip", ["link", "delete", DefaultBridge], CancellationToken.None);
            }
        }
    }

    [Fact]
    public async Task Two_containers_on_a_user_network_reach_each_other_and_rm_leaves_nothing()
    {
        var (name, subnet) = await CreateTestNetworkAsync();
        var prefix = subnet[..(subnet.LastIndexOf('.') + 1)];
        var staticIp = prefix + "50";
        var server = await fixture.OkAsync("run", "-d", "--network", name, "--ip", staticIp, fixture.Image, "sleep", "60");
        var inspected = await fixture.InspectAsync(server, "{{range $k, $v := .NetworkSettings.Networks}}{{$v.IPAddress}} {{$v.Gateway}} {{$k}}{{end}}");
        Assert.Equal($"{staticIp} {prefix}1 {name}", inspected);

        var ping = await fixture.ShAsync($"ping -c1 -W2 {staticIp} >/dev/null && echo reached", "--network", name);
        Assert.Equal("reached", ping);

        // What the leak checks look for must exist now, or their absence after rm proves nothing.
        Assert.Single(Directory.GetFiles(Path.Combine(fixture.Cais.RunRoot, "netns")));
        Assert.True(File.Exists(Path.Combine(fixture.Cais.Root, "networks", "ipam", name, staticIp)), "no host-local allocation for " + staticIp);
        Assert.Contains(prefix, (await ExternalTool.RunCheckedAsync("iptables-save", [], CancellationToken.None)).Stdout, StringComparison.Ordinal);

        var refused = await fixture.RunAsync("network", "rm", name);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("has active endpoints", refused.Stderr, StringComparison.Ordinal);

        await fixture.OkAsync("rm", "-f", server);
        await fixture.AssertNothingLeftAsync();
        await AssertNoNetworkLeftAsync(name, staticIp, prefix);
        Assert.Equal(name, await fixture.OkAsync("network", "rm", name));
        Assert.DoesNotContain(name, await fixture.OkAsync("network", "ls"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Published_port_is_reachable_from_the_host_and_listed_by_port_ps_and_inspect()
    {
        var (name, subnet) = await CreateTestNetworkAsync();
        var port = FreePort();
        var id = await fixture.OkAsync("run", "-d", "--network", name, "-p", $"127.0.0.1:{port}:8080", fixture.Image,
            "sh", "-c", "printf '#!/bin/sh\\necho hello\\n' > /hello && chmod +x /hello && exec nc -ll -p 8080 -e /hello");

        Assert.Equal($"127.0.0.1:{port}", await fixture.OkAsync("port", id, "8080"));
        Assert.Equal($"8080/tcp -> 127.0.0.1:{port}", await fixture.OkAsync("port", id));
        Assert.Equal($"127.0.0.1:{port}->8080/tcp", await fixture.OkAsync("ps", "--format", "{{.Ports}}"));
        Assert.Equal(port.ToString(CultureInfo.InvariantCulture),
            await fixture.InspectAsync(id, "{{range .NetworkSettings.Ports}}{{range .}}{{.HostPort}}{{end}}{{end}}"));

        string? reply = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (reply is null && DateTime.UtcNow < deadline)
        {
            reply = await TryReadAsync(port);
            if (reply is null)
            {
                await Task.Delay(200);
            }
        }

        Assert.Equal("hello\n", reply);
        Assert.Contains($"dport {port.ToString(CultureInfo.InvariantCulture)} ", (await ExternalTool.RunCheckedAsync("iptables-save", [], CancellationToken.None)).Stdout, StringComparison.Ordinal);
        var ip = await fixture.InspectAsync(id, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");
        await fixture.OkAsync("rm", "-f", id);
        await fixture.AssertNothingLeftAsync();
        await AssertNoNetworkLeftAsync(name, ip, subnet[..(subnet.LastIndexOf('.') + 1)]);
        Assert.DoesNotContain($"dport {port.ToString(CultureInfo.InvariantCulture)} ", (await ExternalTool.RunCheckedAsync("iptables-save", [], CancellationToken.None)).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_all_maps_every_exposed_port_to_a_free_host_port()
    {
        var (name, subnet) = await CreateTestNetworkAsync();
        var image = TestImages.Busybox();
        image.ExposedPorts = ["8080/tcp", "9090/udp"];
        var published = await image.PublishAsync(fixture.RegistryHost, TestNames.For("exposed") + ":latest", CancellationToken.None);
        await fixture.OkAsync("pull", "-q", published.Reference);

        var id = await fixture.OkAsync("run", "-d", "-P", "--network", name, published.Reference,
            "sh", "-c", "printf '#!/bin/sh\necho exposed\n' > /hello && chmod +x /hello && exec nc -ll -p 8080 -e /hello");

        var tcp = await fixture.OkAsync("port", id, "8080/tcp");
        var udp = await fixture.OkAsync("port", id, "9090/udp");
        Assert.StartsWith("0.0.0.0:", tcp, StringComparison.Ordinal);
        Assert.StartsWith("0.0.0.0:", udp, StringComparison.Ordinal);
        var port = int.Parse(tcp["0.0.0.0:".Length..], CultureInfo.InvariantCulture);
        Assert.Equal($"0.0.0.0:{port}->8080/tcp, {udp}->9090/udp", await fixture.OkAsync("ps", "--format", "{{.Ports}}"));

        string? reply = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (reply is null && DateTime.UtcNow < deadline)
        {
            reply = await TryReadAsync(port);
            if (reply is null)
            {
                await Task.Delay(200);
            }
        }

        Assert.Equal("exposed\n", reply);
        await fixture.OkAsync("rm", "-f", id);
        await fixture.AssertNothingLeftAsync();
        await AssertNoNetworkLeftAsync(name, null, subnet[..(subnet.LastIndexOf('.') + 1)]);
    }

    [Fact]
    public async Task Taken_host_port_fails_with_dockers_message_and_leaves_nothing()
    {
        var (name, subnet) = await CreateTestNetworkAsync();
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var result = await fixture.RunAsync("run", "--rm", "--network", name, "-p", $"127.0.0.1:{port}:8080", fixture.Image, "true");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"Bind for 127.0.0.1:{port} failed: port is already allocated", result.Stderr, StringComparison.Ordinal);
        await fixture.RemoveAllAsync();
        await fixture.AssertNothingLeftAsync();
        await AssertNoNetworkLeftAsync(name, null, subnet[..(subnet.LastIndexOf('.') + 1)]);
    }

    [Fact]
    public async Task Failed_start_leaves_no_namespace_address_or_rule_behind()
    {
        var (name, subnet) = await CreateTestNetworkAsync();
        var port = FreePort();

        var result = await fixture.RunAsync("run", "--name", "netfail", "--network", name, "-p", $"127.0.0.1:{port}:80", fixture.Image, "/no/such/command");

        Assert.Equal(127, result.ExitCode);
        Assert.Equal("created", await fixture.InspectAsync("netfail", "{{.State.Status}}"));
        await AssertNoNetworkLeftAsync(name, null, subnet[..(subnet.LastIndexOf('.') + 1)]);
        Assert.DoesNotContain($"dport {port.ToString(CultureInfo.InvariantCulture)} ", (await ExternalTool.RunCheckedAsync("iptables-save", [], CancellationToken.None)).Stdout, StringComparison.Ordinal);
        await fixture.OkAsync("rm", "netfail");
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Stop_releases_the_network_and_start_attaches_again()
    {
        var (name, subnet) = await CreateTestNetworkAsync();
        var prefix = subnet[..(subnet.LastIndexOf('.') + 1)];
        var id = await fixture.OkAsync("run", "-d", "--network", name, fixture.Image, "sleep", "60");
        Assert.StartsWith(prefix, await fixture.InspectAsync(id, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}"), StringComparison.Ordinal);

        await fixture.OkAsync("stop", "-t", "1", id);
        Assert.Equal("", await fixture.InspectAsync(id, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}"));
        await AssertNoNetworkLeftAsync(name, null, prefix);

        await fixture.OkAsync("start", id);
        var again = await fixture.InspectAsync(id, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");
        Assert.StartsWith(prefix, again, StringComparison.Ordinal);
        Assert.Equal("reached", await fixture.OkAsync("exec", id, "sh", "-c", $"ping -c1 -W2 {prefix}1 >/dev/null && echo reached"));
        await fixture.OkAsync("rm", "-f", id);
        await fixture.AssertNothingLeftAsync();
        await AssertNoNetworkLeftAsync(name, again, prefix);
    }

    [Fact]
    public async Task Conmons_exit_command_releases_the_network_on_its_own()
    {
        var (name, subnet) = await CreateTestNetworkAsync();
        var id = await fixture.OkAsync("run", "-d", "--network", name, "-p", $"127.0.0.1:{FreePort()}:80", fixture.Image, "sleep", "1");
        var netns = Path.Combine(fixture.Cais.RunRoot, "netns", id);
        Assert.True(File.Exists(netns));

        // Only conmon's exit command (which inherits SIGCHLD blocked) runs cleanup here: no cais command races it.
        Assert.True(await ContainerFixture.EventuallyAsync(() => !File.Exists(netns) && !CleanupRunningFor(fixture.Cais.Root), TimeSpan.FromSeconds(20)),
            "the exit command did not release the network namespace in time");
        await AssertNoNetworkLeftAsync(name, null, subnet[..(subnet.LastIndexOf('.') + 1)]);
        await fixture.OkAsync("rm", id);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Unknown_network_is_refused_at_create()
    {
        var result = await fixture.RunAsync("create", "--network", "cais-test-missing", fixture.Image, "true");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("network cais-test-missing not found", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", await fixture.OkAsync("ps", "-aq"));
    }

    [Fact]
    public async Task Network_ls_shows_dockers_columns_and_the_predefined_networks()
    {
        var (name, _) = await CreateTestNetworkAsync();
        var lines = (await fixture.OkAsync("network", "ls")).Split('\n');

        Assert.Matches("^NETWORK ID +NAME +DRIVER +SCOPE$", lines[0]);
        Assert.Contains(lines, l => l.Contains(" bridge ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" host ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" none ", StringComparison.Ordinal));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $"^[0-9a-f]{{12}} +{name} +bridge +local$"));
    }

    [Fact]
    public async Task Prune_removes_only_networks_no_container_uses_and_inspect_lists_attached_containers()
    {
        var (used, usedSubnet) = await CreateTestNetworkAsync();
        var (unused, _) = await CreateTestNetworkAsync();
        var id = await fixture.OkAsync("run", "-d", "--name", "netuser", "--network", used, fixture.Image, "sleep", "60");
        var ip = await fixture.InspectAsync(id, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");

        var attached = await fixture.OkAsync("network", "inspect", used, "--format", "{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}");
        Assert.Equal($"netuser {ip}/24", attached);

        var pruned = await fixture.OkAsync("network", "prune", "-f");
        Assert.Contains(unused, pruned, StringComparison.Ordinal);
        Assert.DoesNotContain(used, pruned, StringComparison.Ordinal);
        var missing = await fixture.RunAsync("network", "inspect", unused);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains($"network {unused} not found", missing.Stderr, StringComparison.Ordinal);

        await fixture.OkAsync("rm", "-f", id);
        await fixture.AssertNothingLeftAsync();
        await AssertNoNetworkLeftAsync(used, ip, usedSubnet[..(usedSubnet.LastIndexOf('.') + 1)]);
    }

    /// <summary>A user network with a unique name and a 10.223.x.0/24 subnet that no route or rule on the host mentions.</summary>
    private async Task<(string Name, string Subnet)> CreateTestNetworkAsync()
    {
        var rules = (await ExternalTool.RunCheckedAsync("iptables-save", [], CancellationToken.None)).Stdout;
        var routes = (await ExternalTool.RunCheckedAsync("ip", ["-4", "route", "show", "table", "all"], CancellationToken.None)).Stdout;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var prefix = $"10.223.{RandomNumberGenerator.GetInt32(256)}.";
            if (rules.Contains(prefix, StringComparison.Ordinal) || routes.Contains(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = "cais-test-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            var result = await fixture.RunAsync("network", "create", "--subnet", prefix + "0/24", name);
            if (result.ExitCode == 0)
            {
                return (name, prefix + "0/24");
            }
        }

        throw new InvalidOperationException("no free 10.223.x.0/24 test subnet");
    }

    /// <summary>No veth, namespace file or mount, address allocation or iptables rule of the network's containers remains.</summary>
    private async Task AssertNoNetworkLeftAsync(string network, string? address, string? prefix = null)
    {
        var netnsDir = Path.Combine(fixture.Cais.RunRoot, "netns");
        Assert.True(!Directory.Exists(netnsDir) || Directory.GetFiles(netnsDir).Length == 0,
            $"netns files left: {string.Join(", ", Directory.Exists(netnsDir) ? Directory.GetFiles(netnsDir) : [])}");
        Assert.DoesNotContain(fixture.Cais.Mounts(), m => m.StartsWith(netnsDir, StringComparison.Ordinal));
        var ipam = Path.Combine(fixture.Cais.Root, "networks", "ipam", network);
        var allocations = Directory.Exists(ipam)
            ? Directory.GetFiles(ipam).Select(Path.GetFileName).Where(f => f is not null && !f.StartsWith("last_reserved_ip", StringComparison.Ordinal) && f != "lock").ToList()
            : [];
        Assert.True(allocations.Count == 0, $"host-local allocations left: {string.Join(", ", allocations)}");
        var cache = Path.Combine(fixture.Cais.Root, "networks", "cache");
        Assert.True(!Directory.Exists(cache) || Directory.GetFiles(cache).Length == 0, "cached CNI results left");

        var bridge = await fixture.OkAsync("network", "inspect", network, "--format", "{{index .Options \"com.docker.network.bridge.name\"}}");
        if (Directory.Exists($"/sys/class/net/{bridge}"))
        {
            var ports = (await ExternalTool.RunCheckedAsync("ip", ["-o", "link", "show", "master", bridge], CancellationToken.None)).Stdout.Trim();
            Assert.True(ports.Length == 0, $"veths left on {bridge}: {ports}");
        }

        var rules = (await ExternalTool.RunCheckedAsync("iptables-save", [], CancellationToken.None)).Stdout.Split('\n');
        var left = rules.Where(l => (address is not null && l.Contains(address + "/", StringComparison.Ordinal))
            || (prefix is not null && l.Contains(prefix, StringComparison.Ordinal))).ToList();
        Assert.True(left.Count == 0, "iptables rules left:\n" + string.Join('\n', left));
    }

    private static bool CleanupRunningFor(string root)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(root, StringComparison.Ordinal) && cmdline.Contains(" cleanup ", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return false;
    }

    private static bool InSubnet(string address, string cidr)
    {
        var parts = cidr.Split('/');
        var network = IPAddress.Parse(parts[0]).GetAddressBytes();
        var ip = IPAddress.Parse(address).GetAddressBytes();
        var bits = int.Parse(parts[1], CultureInfo.InvariantCulture);
        for (var i = 0; i < 4; i++)
        {
            var mask = bits >= (i + 1) * 8 ? 0xff : bits <= i * 8 ? 0 : (0xff << (8 - (bits - (i * 8)))) & 0xff;
            if ((network[i] & mask) != (ip[i] & mask))
            {
                return false;
            }
        }

        return true;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<string?> TryReadAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
            using var stream = client.GetStream();
            var buffer = new byte[64];
            var total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(total), cts.Token)) > 0)
            {
                total += read;
            }

            return total == 0 ? null : Encoding.ASCII.GetString(buffer, 0, total);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return null;
        }
    }
}
