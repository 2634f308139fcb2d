using System.Globalization;
using Cais.Integration.Tests.Containers;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Networking;

/// <summary>network ls and network prune filters on the real binary, printing what the docker CLI prints.</summary>
[Collection(HostNetworkCollection.Name)]
public sealed class NetworkPruneFilterTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
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
    public async Task Prune_removes_only_the_unused_networks_the_filters_select()
    {
        var (keep, _) = await TestNetworks.CreateAsync(fixture, "--label", "keep=yes");
        var (dev, _) = await TestNetworks.CreateAsync(fixture, "--label", "env=dev");
        var (plain, _) = await TestNetworks.CreateAsync(fixture);
        var (used, _) = await TestNetworks.CreateAsync(fixture, "--label", "env=dev");
        await fixture.OkAsync("run", "-d", "--network", used, fixture.Image, "sleep", "300");

        Assert.Equal(dev, await fixture.OkAsync("network", "ls", "--filter", "label=env", "--filter", "dangling=true", "--format", "{{.Name}}"));
        Assert.Equal(keep, await fixture.OkAsync("network", "ls", "--filter", $"name=^{keep}$", "--format", "{{.Name}}"));

        // Created a moment ago: nothing is older than an hour, and prune then prints nothing at all.
        var none = await fixture.RunAsync("network", "prune", "-f", "--filter", "until=1h");
        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.Equal("", none.Stdout);

        Assert.Equal($"Deleted Networks:\n{dev}\n\n", (await fixture.RunAsync("network", "prune", "-f", "--filter", "label=env=dev")).Stdout);
        var later = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Assert.Equal($"Deleted Networks:\n{plain}\n\n", (await fixture.RunAsync("network", "prune", "-f", "--filter", "label!=keep", "--filter", "until=" + later)).Stdout);
        var left = await fixture.OkAsync("network", "ls", "--filter", "name=" + TestNetworks.NamePrefix, "--format", "{{.Name}}");
        Assert.Equal(string.Join('\n', new[] { keep, used }.Order(StringComparer.Ordinal)), left);

        var bad = await fixture.RunAsync("network", "prune", "-f", "--filter", "name=x");
        Assert.True(bad.ExitCode == 1, bad.ToString());
        Assert.Equal("Error response from daemon: invalid filter 'name'\n", bad.Stderr);
        var time = await fixture.RunAsync("network", "prune", "-f", "--filter", "until=soon");
        Assert.Equal("Error response from daemon: failed to parse value as time or duration: \"soon\"\n", time.Stderr);
    }
}
