using System.Security.Cryptography;
using Cais.Integration.Tests.Containers;
using Cais.TestSupport;
using Xunit.Abstractions;

namespace Cais.Integration.Tests.Networking;

/// <summary>
/// Network commands racing each other in separate cais processes: subnet choice, and removal against attachment.
/// Traffic goes only to the test's containers and bridges.
/// </summary>
[Collection(HostNetworkCollection.Name)]
public sealed class NetworkRaceTests(ContainerFixture fixture, ITestOutputHelper output) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    private const int Rounds = 12;

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
    public async Task Concurrent_network_creates_on_two_state_roots_get_distinct_subnets()
    {
        await using var other = new CaisCli();
        var tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var roots = Enumerable.Range(0, 12).Select(i => (Cli: i < 8 ? fixture.Cais : other, Name: $"{TestNetworks.NamePrefix}{tag}-{i}")).ToList();
        try
        {
            var results = await Task.WhenAll(roots.Select(r => r.Cli.RunAsync("network", "create", r.Name)));
            for (var i = 0; i < results.Length; i++)
            {
                Assert.True(results[i].ExitCode == 0, $"network create {roots[i].Name} failed: {results[i]}");
            }

            var subnets = new List<string>();
            foreach (var (cli, name) in roots)
            {
                var ipam = (await cli.OkAsync("network", "inspect", name, "--format",
                    "{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}} {{index .Options \"com.docker.network.bridge.name\"}}")).Split(' ');
                subnets.Add(ipam[0]);
                // The bridge holds the gateway: the route that keeps other hosts' roots off this subnet.
                var address = (await ExternalTool.RunCheckedAsync("ip", ["-4", "-o", "addr", "show", "dev", ipam[2]], CancellationToken.None)).Stdout;
                Assert.Contains($"inet {ipam[1]}/{ipam[0].Split('/')[1]}", address, StringComparison.Ordinal);
            }

            Assert.True(subnets.Distinct().Count() == subnets.Count, "subnets handed out twice: " + string.Join(", ", subnets));
        }
        finally
        {
            foreach (var (cli, name) in roots)
            {
                await cli.RunAsync("network", "rm", name);
            }
        }
    }

    [Fact]
    public async Task Network_rm_racing_run_on_the_network_never_both_succeed()
    {
        var broken = new List<string>();
        var runWon = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var (name, subnet) = await TestNetworks.CreateAsync(fixture);
            var id = await fixture.OkAsync("network", "inspect", "--format", "{{.Id}}", name);
            var run = fixture.RunAsync("run", "-d", "--network", name, fixture.Image, "sleep", "30");
            var rm = Task.Run(async () =>
            {
                // A varying head start for run, so rm lands at different points of its create and start.
                await Task.Delay(TimeSpan.FromMilliseconds(round % 6 * 20));
                return await fixture.RunAsync("network", "rm", name);
            });
            var (ran, removed) = (await run, await rm);
            runWon += ran.ExitCode == 0 ? 1 : 0;
            await CheckOutcomeAsync(broken, round, name, id, subnet, ran, removed, async container =>
            {
                var gateway = TestNetworks.Prefix(subnet) + "1";
                var ping = await fixture.RunAsync("exec", container, "ping", "-c1", "-W2", gateway);
                return ping.ExitCode == 0 ? null : $"the container does not reach its gateway: {ping}";
            }, ran.Out);
        }

        output.WriteLine($"run won {runWon} of {Rounds} rounds");
        Assert.True(broken.Count == 0, $"{broken.Count} faults in {Rounds} rounds:\n{string.Join('\n', broken)}");
        await fixture.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Network_rm_racing_network_connect_never_both_succeed()
    {
        var (home, _) = await TestNetworks.CreateAsync(fixture);
        var container = await fixture.OkAsync("run", "-d", "--network", home, fixture.Image, "sleep", "300");
        var broken = new List<string>();
        var connectWon = 0;
        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                var (name, subnet) = await TestNetworks.CreateAsync(fixture);
                var id = await fixture.OkAsync("network", "inspect", "--format", "{{.Id}}", name);
                var connect = fixture.RunAsync("network", "connect", name, container);
                var rm = Task.Run(async () =>
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(round % 6 * 10));
                    return await fixture.RunAsync("network", "rm", name);
                });
                var (connected, removed) = (await connect, await rm);
                connectWon += connected.ExitCode == 0 ? 1 : 0;
                var networks = await fixture.InspectAsync(container, "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}");
                if (connected.ExitCode != 0 && !networks.Contains(name, StringComparison.Ordinal) && removed.ExitCode == 0
                    && connected.Stderr.Contains($"network {name} not found", StringComparison.Ordinal))
                {
                    await AssertNetworkGoneAsync(broken, round, name, id, subnet);
                    continue;
                }

                if (connected.ExitCode == 0 && removed.ExitCode != 0
                    && removed.Stderr.Contains($"error while removing network: network {name} id {id} has active endpoints", StringComparison.Ordinal)
                    && networks.Contains(name + "=" + TestNetworks.Prefix(subnet), StringComparison.Ordinal))
                {
                    await fixture.OkAsync("network", "disconnect", name, container);
                    await fixture.OkAsync("network", "rm", name);
                    await AssertNetworkGoneAsync(broken, round, name, id, subnet);
                    continue;
                }

                broken.Add($"round {round}: connect {connected}; rm {removed}; container's networks: {networks}");
                await fixture.RunAsync("network", "disconnect", "-f", name, container);
                await fixture.RunAsync("network", "rm", name);
            }
        }
        finally
        {
            await fixture.RunAsync("rm", "-f", container);
        }

        output.WriteLine($"connect won {connectWon} of {Rounds} rounds");
        Assert.True(broken.Count == 0, $"{broken.Count} faults in {Rounds} rounds:\n{string.Join('\n', broken)}");
        await fixture.AssertNothingLeftAsync();
    }

    /// <summary>
    /// Exactly one of attach and remove won: the attach failed with Docker's error and left nothing, or the removal
    /// was refused and the container works on the network (then it is torn down and the network removed, leaving nothing).
    /// </summary>
    private async Task CheckOutcomeAsync(List<string> broken, int round, string name, string id, string subnet, CaisResult attached, CaisResult removed,
        Func<string, Task<string?>> works, string container)
    {
        if (attached.ExitCode != 0 && removed.ExitCode == 0 && attached.Stderr.Contains($"network {name} not found", StringComparison.Ordinal))
        {
            var left = await fixture.OkAsync("ps", "-aq");
            if (left.Length > 0)
            {
                broken.Add($"round {round}: the failed run left containers {left}");
                await fixture.RemoveAllAsync();
            }

            await AssertNetworkGoneAsync(broken, round, name, id, subnet);
            return;
        }

        if (attached.ExitCode == 0 && removed.ExitCode != 0
            && removed.Stderr.Contains($"error while removing network: network {name} id {id} has active endpoints", StringComparison.Ordinal))
        {
            if (await works(container) is { } problem)
            {
                broken.Add($"round {round}: {problem}");
            }

            var address = await fixture.InspectAsync(container, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");
            await fixture.OkAsync("rm", "-f", container);
            try
            {
                await NetworkLeaks.AssertNoneAsync(fixture, name, address, TestNetworks.Prefix(subnet));
            }
            catch (Xunit.Sdk.XunitException e)
            {
                // Also what an earlier faulty round leaked: report it with the others, not instead of them.
                broken.Add($"round {round}: leaks after rm -f: {e.Message}");
            }

            await fixture.OkAsync("network", "rm", name);
            await AssertNetworkGoneAsync(broken, round, name, id, subnet);
            return;
        }

        broken.Add($"round {round}: run {attached}; rm {removed}");
        await fixture.RemoveAllAsync();
        await fixture.RunAsync("network", "rm", name);
    }

    /// <summary>A removed network leaves no record, bridge, address allocations, cached results or rules.</summary>
    private async Task AssertNetworkGoneAsync(List<string> broken, int round, string name, string id, string subnet)
    {
        if (await fixture.RunAsync("network", "inspect", name) is { ExitCode: 0 } still)
        {
            broken.Add($"round {round}: network {name} still exists: {still.Out}");
            return;
        }

        var bridge = ("cais-" + id)[..15];
        var leftovers = new List<string>();
        if (Directory.Exists("/sys/class/net/" + bridge))
        {
            leftovers.Add("bridge " + bridge);
        }

        if (Directory.Exists(Path.Combine(fixture.Cais.Root, "networks", "ipam", name)))
        {
            leftovers.Add("address allocations");
        }

        var cache = Path.Combine(fixture.Cais.Root, "networks", "cache");
        if (Directory.Exists(cache) && Directory.GetFiles(cache).Any(f => f.Contains(id, StringComparison.Ordinal)))
        {
            leftovers.Add("cached CNI results");
        }

        var rules = (await ExternalTool.RunCheckedAsync("iptables-save", [], CancellationToken.None)).Stdout.Split('\n')
            .Where(l => l.Contains(TestNetworks.Prefix(subnet), StringComparison.Ordinal) || l.Contains("cais:" + id, StringComparison.Ordinal))
            .ToList();
        leftovers.AddRange(rules);
        if (leftovers.Count > 0)
        {
            broken.Add($"round {round}: removed network {name} left {string.Join("; ", leftovers)}");
        }
    }
}
