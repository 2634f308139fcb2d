using System.Text.RegularExpressions;
using Cais.Integration.Tests.Containers;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Networking;

/// <summary>
/// The default bridge cais0 is one device for every state root on the host, and so are its firewall rules: installed
/// once, whatever number of roots use it, and counted by the roots that use it.
/// </summary>
[Collection(HostNetworkCollection.Name)]
public sealed partial class SharedBridgeRulesTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
{
    private const string UsersDirectory = "/run/cais-net/bridge-users";

    public Task InitializeAsync()
    {
        Requires.Root("ip", "iptables-save");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await fixture.RemoveAllAsync();

    [Fact]
    public async Task Two_state_roots_on_the_default_bridge_share_one_set_of_rules_and_a_removed_root_stops_counting()
    {
        var a = new CaisCli();
        await using var b = new CaisCli();
        string networkA;
        try
        {
            await a.OkAsync("pull", "-q", fixture.Image);
            await b.OkAsync("pull", "-q", fixture.Image);
            var containerA = await a.OkAsync("run", "-d", fixture.Image, "sleep", "60");
            var containerB = await b.OkAsync("run", "-d", fixture.Image, "sleep", "60");
            networkA = await a.OkAsync("network", "inspect", "bridge", "-f", "{{.Id}}");
            var networkB = await b.OkAsync("network", "inspect", "bridge", "-f", "{{.Id}}");

            var rules = await RulesAsync();
            Assert.DoesNotContain(rules, r => r.Contains("cais:" + networkA, StringComparison.Ordinal) || r.Contains("cais:" + networkB, StringComparison.Ordinal));
            var shared = rules.Where(r => r.Contains("\"cais:cais0\"", StringComparison.Ordinal) || r.Contains(" cais:cais0 ", StringComparison.Ordinal)).ToList();
            Assert.True(shared.Count >= 6, "the default bridge's rules are missing:\n" + string.Join('\n', rules));
            Assert.Equal(shared.Count, shared.Distinct().Count());
            Assert.True(shared.All(r => BridgeOption().IsMatch(r)), "a shared rule names no bridge");

            // Both roots count as users of cais0.
            var users = Users();
            Assert.Contains(Path.Combine(a.Root, "networks"), users);
            Assert.Contains(Path.Combine(b.Root, "networks"), users);

            await a.OkAsync("rm", "-f", containerA);
            await b.OkAsync("rm", "-f", containerB);
        }
        finally
        {
            await a.DisposeAsync();
        }

        // Root a is gone: the next root to take up the default network prunes it from the users (under the host-wide
        // lock, whatever else is on cais0: other tests' containers keep the bridge busy, so the prune on a container's
        // exit, which waits for an empty bridge, cannot be relied on here).
        await using var c = new CaisCli();
        await c.OkAsync("pull", "-q", fixture.Image);
        var again = await c.OkAsync("run", "-d", fixture.Image, "sleep", "60");
        await c.OkAsync("rm", "-f", again);
        Assert.DoesNotContain(Path.Combine(a.Root, "networks"), Users());
        Assert.Contains(Path.Combine(b.Root, "networks"), Users());
        Assert.Contains(Path.Combine(c.Root, "networks"), Users());
        Assert.DoesNotContain(await RulesAsync(), r => r.Contains("cais:" + networkA, StringComparison.Ordinal));
    }

    private static List<string> Users() =>
        Directory.Exists(UsersDirectory) ? Directory.GetFiles(UsersDirectory).Select(f => File.ReadAllText(f).Trim()).ToList() : [];

    private static async Task<List<string>> RulesAsync()
    {
        var filter = (await ExternalTool.RunCheckedAsync("iptables", ["-S"], CancellationToken.None)).Stdout;
        var nat = (await ExternalTool.RunCheckedAsync("iptables", ["-t", "nat", "-S"], CancellationToken.None)).Stdout;
        return (filter + nat).Split('\n').Where(l => l.Contains("cais", StringComparison.Ordinal) && l.StartsWith("-A ", StringComparison.Ordinal)).ToList();
    }

    [GeneratedRegex(@" -[io] cais0( |$)")]
    private static partial Regex BridgeOption();
}
