using Cais.Integration.Tests.Containers;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Networking;

/// <summary>
/// Containers on different networks cannot reach each other, and an --internal network has no way out of the host.
/// Every probe targets a container or bridge address the test created.
/// </summary>
[Collection(HostNetworkCollection.Name)]
public sealed class NetworkIsolationTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
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
    public async Task Containers_reach_their_own_network_but_not_another()
    {
        var (blue, _) = await TestNetworks.CreateAsync(fixture);
        var (green, _) = await TestNetworks.CreateAsync(fixture);
        var target = await fixture.OkAsync("run", "-d", "--network", blue, fixture.Image, "sh", "-c",
            "printf '#!/bin/sh\\necho hi\\n' > /hi && chmod +x /hi && exec nc -ll -p 7000 -e /hi");
        var ip = await fixture.InspectAsync(target, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");

        var same = await fixture.ShAsync($"ping -c1 -W2 {ip} >/dev/null && echo ping-ok; echo | nc -w 2 {ip} 7000", "--network", blue);
        var other = await fixture.RunAsync("run", "--rm", "--network", green, fixture.Image, "sh", "-c",
            $"ping -c1 -W1 {ip} >/dev/null && echo ping-ok; echo | nc -w 2 {ip} 7000; echo done");

        Assert.Equal("ping-ok\nhi", same);
        Assert.Equal("done", other.Out);
        await fixture.OkAsync("rm", "-f", target);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task An_internal_network_has_no_route_out_and_reaches_only_its_own_members()
    {
        var (closed, closedSubnet) = await TestNetworks.CreateAsync(fixture, "--internal");
        var (open, openSubnet) = await TestNetworks.CreateAsync(fixture);
        var member = await fixture.OkAsync("run", "-d", "--network", closed, fixture.Image, "sleep", "60");
        var outsider = await fixture.OkAsync("run", "-d", "--network", open, fixture.Image, "sleep", "60");
        var memberIp = await fixture.InspectAsync(member, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");
        var outsiderIp = await fixture.InspectAsync(outsider, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");
        var openGateway = TestNetworks.Prefix(openSubnet) + "1";

        var output = await fixture.ShAsync(
            $"ip route | grep -c default; ping -c1 -W2 {memberIp} >/dev/null && echo member-ok;"
            + $" ping -c1 -W1 {outsiderIp} >/dev/null && echo outsider-reached; ping -c1 -W1 {openGateway} >/dev/null && echo host-reached; echo done",
            "--network", closed);

        Assert.Equal("0\nmember-ok\ndone", output);
        Assert.Equal("true", await fixture.OkAsync("network", "inspect", closed, "--format", "{{.Internal}}"));
        await fixture.OkAsync("rm", "-f", member, outsider);
        await fixture.AssertNothingLeftAsync();
        await NetworkLeaks.AssertNoneAsync(fixture, closed, null, TestNetworks.Prefix(closedSubnet));
    }

    [Fact]
    public async Task A_published_port_is_reachable_from_a_container_on_another_network_through_the_host()
    {
        var (blue, _) = await TestNetworks.CreateAsync(fixture);
        var (green, greenSubnet) = await TestNetworks.CreateAsync(fixture);
        var port = Ports.Free();
        var server = await fixture.OkAsync("run", "-d", "--network", blue, "-p", $"{port}:7000", fixture.Image, "sh", "-c",
            "printf '#!/bin/sh\\necho published\\n' > /hi && chmod +x /hi && exec nc -ll -p 7000 -e /hi");
        var serverIp = await fixture.InspectAsync(server, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");
        var hostAddress = TestNetworks.Prefix(greenSubnet) + "1";

        // The host's address on the client's own bridge, the published port: DNAT, then forwarding across networks.
        var output = await fixture.ShAsync(
            $"for i in 1 2 3 4 5; do r=$(echo | nc -w 2 {hostAddress} {port}) && [ -n \"$r\" ] && break; sleep 0.3; done; echo \"via-host=$r\";"
            + $" echo | nc -w 1 {serverIp} 7000; echo direct-done",
            "--network", green);

        Assert.Equal("via-host=published\ndirect-done", output);
        await fixture.OkAsync("rm", "-f", server);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Rules_lost_to_a_firewall_reload_come_back_with_the_next_container()
    {
        var (blue, _) = await TestNetworks.CreateAsync(fixture);
        var (green, _) = await TestNetworks.CreateAsync(fixture);
        var id = await fixture.OkAsync("network", "inspect", "--format", "{{.Id}}", blue);
        var stamp = Path.Combine("/run/cais-net/firewall", await fixture.OkAsync("network", "inspect", "--format", "{{index .Options \"com.docker.network.bridge.name\"}}", blue));
        await fixture.ShAsync("true", "--network", blue);
        Assert.True(File.Exists(stamp), "a start did not record its check of the rules");
        var before = await TaggedRulesAsync(id);
        Assert.NotEmpty(before);

        // What a reload that only knows its own rules does to ours: they are gone while the bridge stays.
        foreach (var rule in before)
        {
            await ExternalTool.RunCheckedAsync("iptables", ["-w", "-t", rule.Table, .. SplitRule(rule.Text.Replace("-A ", "-D ", StringComparison.Ordinal))], CancellationToken.None);
        }

        Assert.Empty(await TaggedRulesAsync(id));

        // Starts check the rules at most every 30 s (the time of the last check is a stamp file's): let that pass.
        File.SetLastWriteTimeUtc(stamp, DateTime.UtcNow - TimeSpan.FromHours(1));

        var target = await fixture.OkAsync("run", "-d", "--network", blue, fixture.Image, "sleep", "60");
        var ip = await fixture.InspectAsync(target, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");

        Assert.Equal(before.Select(r => r.Text).Order(StringComparer.Ordinal), (await TaggedRulesAsync(id)).Select(r => r.Text).Order(StringComparer.Ordinal));
        var other = await fixture.RunAsync("run", "--rm", "--network", green, fixture.Image, "sh", "-c", $"ping -c1 -W1 {ip} >/dev/null && echo reached; echo done");
        Assert.Equal("done", other.Out);
        await fixture.OkAsync("rm", "-f", target);
        await fixture.AssertNothingLeftAsync();
    }

    private static async Task<List<(string Table, string Text)>> TaggedRulesAsync(string networkId)
    {
        var rules = new List<(string, string)>();
        var table = "";
        foreach (var line in (await ExternalTool.RunCheckedAsync("iptables-save", [], CancellationToken.None)).Stdout.Split('\n'))
        {
            if (line.StartsWith('*'))
            {
                table = line[1..];
            }
            else if (line.StartsWith("-A ", StringComparison.Ordinal) && line.Contains("cais:" + networkId, StringComparison.Ordinal))
            {
                rules.Add((table, line));
            }
        }

        return rules;
    }

    /// <summary>iptables-save's rule text as arguments (its only quoting is around the comment).</summary>
    private static string[] SplitRule(string text)
    {
        var parts = new List<string>();
        var quoted = text.Split('"');
        for (var i = 0; i < quoted.Length; i++)
        {
            if (i % 2 == 1)
            {
                parts.Add(quoted[i]);
            }
            else
            {
                parts.AddRange(quoted[i].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return [.. parts];
    }
}
