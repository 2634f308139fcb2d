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

    public Task InitializeAsync()
    {
        Requires.Root("ip", "iptables-save");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await fixture.RemoveAllAsync();
        await TestNetworks.RemoveAllAsync(fixture);

        // The default bridge stays, as docker0 does: every test's containers use it, in parallel.
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
    public async Task A_fresh_state_root_adopts_the_default_bridge_another_root_brought_up()
    {
        // This state root brings cais0 up if no other did (it is one device for the whole host).
        var first = (await fixture.OkAsync("network", "inspect", "bridge", "--format", "{{range .IPAM.Config}}{{.Gateway}} {{.Subnet}}{{end}}")).Split(' ');
        Assert.True(Directory.Exists($"/sys/class/net/{DefaultBridge}"), "cais0 is not up after the default network was created");
        var existing = (await ExternalTool.RunCheckedAsync("ip", ["-4", "-o", "addr", "show", "dev", DefaultBridge], CancellationToken.None)).Stdout
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(f => f != "inet").Skip(1).First();
        Assert.Equal(existing.Split('/')[0], first[0]);

        await using var fresh = new CaisCli();
        await fresh.OkAsync("pull", "-q", fixture.Image);
        var ipam = await fresh.OkAsync("network", "inspect", "bridge", "--format", "{{range .IPAM.Config}}{{.Gateway}} {{.Subnet}}{{end}}");
        Assert.Equal(string.Join(' ', first), ipam);

        // Both roots hand out addresses on one bridge: the allocations are shared, so two running containers differ.
        var a = await fixture.OkAsync("run", "-d", fixture.Image, "sleep", "30");
        var b = await fresh.OkAsync("run", "-d", fixture.Image, "sleep", "30");
        var ipA = await fixture.InspectAsync(a, "{{.NetworkSettings.IPAddress}}");
        var ipB = (await fresh.OkAsync("inspect", "-f", "{{.NetworkSettings.IPAddress}}", b)).Trim();
        Assert.NotEqual(ipA, ipB);
        var ping = await fresh.OkAsync("exec", b, "sh", "-c", $"ping -c1 -W2 {ipA} >/dev/null && echo reached");
        Assert.Equal("reached", ping);
        await fresh.OkAsync("rm", "-f", b);
        await fixture.OkAsync("rm", "-f", a);

        // conmon's exit command may still be cleaning up; the fresh state root must outlive it.
        Assert.True(await ContainerFixture.EventuallyAsync(() => !CleanupRunningFor(fresh.Root), TimeSpan.FromSeconds(20)),
            "container cleanup of the fresh state root did not finish");
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
    public async Task A_port_range_maps_each_port_of_the_range()
    {
        var (name, subnet) = await CreateTestNetworkAsync();
        var first = ConsecutiveFreePorts(2);
        var range = $"{first}-{first + 1}";
        var id = await fixture.OkAsync("run", "-d", "--network", name, "-p", $"127.0.0.1:{range}:7000-7001", fixture.Image, "sh", "-c",
            "printf '#!/bin/sh\\necho seven\\n' > /a && printf '#!/bin/sh\\necho seven-one\\n' > /b && chmod +x /a /b"
            + " && nc -ll -p 7001 -e /b & exec nc -ll -p 7000 -e /a");

        // Docker collapses only same-number mappings into a range; these are listed one by one.
        Assert.Equal($"127.0.0.1:{first}->7000/tcp, 127.0.0.1:{first + 1}->7001/tcp", await fixture.OkAsync("ps", "--format", "{{.Ports}}"));
        Assert.Equal($"127.0.0.1:{first + 1}", await fixture.OkAsync("port", id, "7001/tcp"));
        string? a = null, b = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((a is null || b is null) && DateTime.UtcNow < deadline)
        {
            a ??= await TryReadAsync(first);
            b ??= await TryReadAsync(first + 1);
            if (a is null || b is null)
            {
                await Task.Delay(200);
            }
        }

        Assert.Equal("seven\n", a);
        Assert.Equal("seven-one\n", b);
        await fixture.OkAsync("rm", "-f", id);
        await fixture.AssertNothingLeftAsync();
        await AssertNoNetworkLeftAsync(name, null, TestNetworks.Prefix(subnet));
    }

    /// <summary>A run of free loopback TCP ports (checked by binding each), from a random high start.</summary>
    private static int ConsecutiveFreePorts(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var start = System.Security.Cryptography.RandomNumberGenerator.GetInt32(20000, 30000);
            var listeners = new List<TcpListener>();
            try
            {
                for (var i = 0; i < count; i++)
                {
                    var listener = new TcpListener(IPAddress.Any, start + i);
                    listener.Start();
                    listeners.Add(listener);
                }

                return start;
            }
            catch (SocketException)
            {
            }
            finally
            {
                listeners.ForEach(l => l.Stop());
            }
        }

        throw new InvalidOperationException("no run of free ports");
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

        Assert.Equal(name, await fixture.OkAsync("network", "ls", "--filter", $"name={name}", "--format", "{{.Name}}"));
        Assert.Equal("bridge\nhost\nnone", await fixture.OkAsync("network", "ls", "--filter", "type=builtin", "--format", "{{.Name}}"));
        Assert.Contains(name, await fixture.OkAsync("network", "ls", "-f", "dangling=true", "--format", "{{.Name}}"), StringComparison.Ordinal);
        Assert.Equal("host host\nnone null", await fixture.OkAsync("network", "inspect", "host", "none", "--format", "{{.Name}} {{.Driver}}"));
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

    private Task<(string Name, string Subnet)> CreateTestNetworkAsync() => TestNetworks.CreateAsync(fixture);

    private Task AssertNoNetworkLeftAsync(string network, string? address, string? prefix = null) =>
        NetworkLeaks.AssertNoneAsync(fixture, network, address, prefix);

    internal static bool CleanupRunningFor(string root) =>
        ProcessTable.Find(argv => string.Join(' ', argv) is var line && line.Contains(root, StringComparison.Ordinal) && line.Contains(" cleanup ", StringComparison.Ordinal)).Count > 0;

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
