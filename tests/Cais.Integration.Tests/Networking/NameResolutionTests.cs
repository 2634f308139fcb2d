using System.Diagnostics;
using Cais.Integration.Tests.Containers;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Networking;

/// <summary>
/// Containers finding each other by name through the engine's resolver, with busybox's nslookup (its static build
/// cannot use DNS through libc). Queries go only to the gateways of networks the test created; the "outside" upstream
/// is a resolver the test runs on another test network's gateway.
/// </summary>
[Collection(HostNetworkCollection.Name)]
public sealed class NameResolutionTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
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
    public async Task Containers_on_a_user_network_resolve_each_other_by_name_alias_and_short_id()
    {
        var (name, subnet) = await TestNetworks.CreateAsync(fixture);
        var id = await fixture.OkAsync("run", "-d", "--name", "dns-server", "--network", name, "--network-alias", "db", fixture.Image, "sleep", "60");
        var ip = await fixture.InspectAsync(id, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");

        var output = await fixture.ShAsync(
            $"cat /etc/resolv.conf; for n in dns-server DB {id[..12]} nosuch-name; do echo \"== $n\"; nslookup $n 2>&1; done; true",
            "--network", name);

        Assert.Contains($"nameserver {TestNetworks.Prefix(subnet)}1\n", output, StringComparison.Ordinal);
        var sections = output.Split("== ");
        Assert.Contains($"Address: {ip}", sections[1], StringComparison.Ordinal);
        Assert.Contains($"Address: {ip}", sections[2], StringComparison.Ordinal);
        Assert.Contains($"Address: {ip}", sections[3], StringComparison.Ordinal);
        Assert.DoesNotContain("Address: 10.", sections[4], StringComparison.Ordinal);
        Assert.True(ResolverRunning(fixture.Cais.RunRoot), "no resolver process for this state while a container uses a user network");

        await fixture.OkAsync("rm", "-f", id);
        await fixture.AssertNothingLeftAsync();
        Assert.True(await ContainerFixture.EventuallyAsync(() => !ResolverRunning(fixture.Cais.RunRoot), TimeSpan.FromSeconds(10)),
            "the resolver did not exit once no container used a user network");
    }

    [Fact]
    public async Task A_container_on_two_networks_resolves_names_of_both()
    {
        var (front, _) = await TestNetworks.CreateAsync(fixture);
        var (back, _) = await TestNetworks.CreateAsync(fixture);
        var db = await fixture.OkAsync("run", "-d", "--name", "backend-db", "--network", back, fixture.Image, "sleep", "60");
        var ip = await fixture.InspectAsync(db, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");

        var both = await fixture.ShAsync("nslookup backend-db 2>&1; true", "--network", front, "--network", back);
        var frontOnly = await fixture.ShAsync("nslookup backend-db 2>&1; true", "--network", front);

        Assert.Contains($"Address: {ip}", both, StringComparison.Ordinal);
        Assert.DoesNotContain($"Address: {ip}", frontOnly, StringComparison.Ordinal);
        await fixture.OkAsync("rm", "-f", db);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task The_default_bridge_resolves_no_container_names()
    {
        var id = await fixture.OkAsync("run", "-d", "--name", "on-default", fixture.Image, "sleep", "60");

        var result = await fixture.RunAsync("run", "--rm", "--dns", "192.0.2.1", "--dns-option", "timeout:1", "--dns-option", "attempts:1",
            fixture.Image, "sh", "-c", "grep nameserver /etc/resolv.conf; timeout 5 nslookup on-default 2>&1; true");

        // The default bridge keeps the host's (or the given) nameservers: no engine resolver, and the name is unknown.
        Assert.Contains("nameserver 192.0.2.1", result.Out, StringComparison.Ordinal);
        var ip = await fixture.InspectAsync(id, "{{.NetworkSettings.IPAddress}}");
        Assert.DoesNotContain($"Address: {ip}", result.Out, StringComparison.Ordinal);
        Assert.False(ResolverRunning(fixture.Cais.RunRoot), "a resolver runs for the default bridge");
        await fixture.OkAsync("rm", "-f", id);
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Other_names_go_to_the_containers_dns_servers_and_internal_networks_refuse_them()
    {
        var (upstreamNet, upstreamSubnet) = await TestNetworks.CreateAsync(fixture);
        var (name, _) = await TestNetworks.CreateAsync(fixture);
        var (internalNet, _) = await TestNetworks.CreateAsync(fixture, "--internal");
        var upstream = TestNetworks.Prefix(upstreamSubnet) + "1";

        // The "outside world" is a resolver on a bridge address the test created, answering one name.
        using var fake = Process.Start(new ProcessStartInfo(fixture.Cais.Binary)
        {
            ArgumentList = { "system", "dns", "--listen", upstream, "--network", "upstream", "--upstream", "127.0.0.1:9", "--record", "outside.test=192.0.2.77" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            Assert.StartsWith("serving", await fake.StandardOutput.ReadLineAsync() ?? "", StringComparison.Ordinal);

            var forwarded = await fixture.ShAsync("nslookup outside.test 2>&1", "--network", name, "--dns", upstream);
            Assert.Contains("Address: 192.0.2.77", forwarded, StringComparison.Ordinal);

            var refused = await fixture.RunAsync("run", "--rm", "--network", internalNet, "--dns", upstream, fixture.Image,
                "sh", "-c", "nslookup outside.test 2>&1; echo \"rc=$?\"");
            Assert.DoesNotContain("192.0.2.77", refused.Out, StringComparison.Ordinal);
            Assert.Contains("rc=1", refused.Out, StringComparison.Ordinal);
        }
        finally
        {
            fake.Kill();
            await fake.WaitForExitAsync();
        }

        await fixture.AssertNothingLeftAsync();
        _ = upstreamNet;
    }

    private static bool ResolverRunning(string runRoot) =>
        ProcessTable.Find(argv => string.Join(' ', argv) is var line && line.Contains(runRoot, StringComparison.Ordinal) && line.Contains(" dns --daemon", StringComparison.Ordinal)).Count > 0;
}
