using Cais.Integration.Tests.Containers;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Networking;

/// <summary>
/// A cais process killed (SIGKILL) in the middle of starting a container on a bridge network: whatever it had
/// plumbed so far (namespace, veth, address, port rules, runtime container) is found again from the record and
/// released by the next rm, and a later start of the same container works.
/// </summary>
[Collection(HostNetworkCollection.Name)]
public sealed class CrashRecoveryTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>, IAsyncLifetime
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

    public static TheoryData<string> Stages => new() { "namespace", "address" };

    [Theory]
    [MemberData(nameof(Stages))]
    public async Task Rm_after_a_killed_start_leaves_nothing(string stage)
    {
        var (name, subnet) = await TestNetworks.CreateAsync(fixture);
        var container = "crash-" + stage;
        var netnsDir = Path.Combine(fixture.Cais.RunRoot, "netns");
        var ipamDir = Path.Combine(fixture.Cais.Root, "networks", "ipam", name);
        using var starting = fixture.Cais.Start(["run", "-d", "--name", container, "--network", name, "-p", $"127.0.0.1:{Ports.Free()}:80", fixture.Image, "sleep", "60"]);

        // Kill it as soon as the stage's trace appears: the namespace file, or the address allocation of the IPAM plugin.
        bool Reached() => stage == "namespace"
            ? Directory.Exists(netnsDir) && Directory.GetFiles(netnsDir).Length > 0
            : Directory.Exists(ipamDir) && Directory.GetFiles(ipamDir).Any(f => Path.GetFileName(f).StartsWith(TestNetworks.Prefix(subnet), StringComparison.Ordinal));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!Reached() && !starting.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1);
        }

        Assert.True(Reached(), $"the start never reached the {stage} stage");
        starting.Kill();
        await starting.WaitForExitAsync();

        // The record survived the crash, so rm finds and releases everything it had.
        Assert.Contains(container, await fixture.OkAsync("ps", "-a", "--format", "{{.Names}}"), StringComparison.Ordinal);
        await fixture.OkAsync("rm", "-f", container);
        await fixture.AssertNothingLeftAsync();
        await NetworkLeaks.AssertNoneAsync(fixture, name, null, TestNetworks.Prefix(subnet));

        // And the network still works for the next container.
        Assert.Equal("reached", await fixture.ShAsync($"ping -c1 -W2 {TestNetworks.Prefix(subnet)}1 >/dev/null && echo reached", "--network", name));
    }

    [Fact]
    public async Task Start_after_a_killed_start_releases_the_old_plumbing_first()
    {
        var (name, subnet) = await TestNetworks.CreateAsync(fixture);
        var netnsDir = Path.Combine(fixture.Cais.RunRoot, "netns");
        var id = await fixture.OkAsync("create", "--name", "crash-restart", "--network", name, fixture.Image, "sleep", "60");
        using var starting = fixture.Cais.Start(["start", id]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!(Directory.Exists(netnsDir) && Directory.GetFiles(netnsDir).Length > 0) && !starting.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1);
        }

        starting.Kill();
        await starting.WaitForExitAsync();

        await fixture.OkAsync("start", id);
        var addresses = await fixture.OkAsync("exec", id, "sh", "-c", "ip -4 -o addr show eth0 | wc -l");
        Assert.Equal("1", addresses);
        await fixture.OkAsync("rm", "-f", id);
        await fixture.AssertNothingLeftAsync();
        await NetworkLeaks.AssertNoneAsync(fixture, name, null, TestNetworks.Prefix(subnet));
    }

    [Fact]
    public async Task Ps_restarts_a_killed_resolver_while_containers_need_it()
    {
        var (name, _) = await TestNetworks.CreateAsync(fixture);
        var a = await fixture.OkAsync("run", "-d", "--name", "resolver-a", "--network", name, fixture.Image, "sleep", "600");
        var b = await fixture.OkAsync("run", "-d", "--name", "resolver-b", "--network", name, fixture.Image, "sleep", "600");
        var ip = await fixture.InspectAsync(b, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");
        var daemon = int.Parse(File.ReadAllText(Path.Combine(fixture.Cais.RunRoot, "dns", "daemon.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Cais.Linux.NativeProcess.Kill(daemon, 9);
        Assert.True(await ContainerFixture.EventuallyAsync(() => !Cais.Linux.NativeProcess.IsRunning(daemon), TimeSpan.FromSeconds(10)), "the resolver survived SIGKILL");

        await fixture.OkAsync("ps");

        var lookup = await fixture.OkAsync("exec", a, "sh", "-c", "nslookup resolver-b 2>&1; true");
        Assert.Contains($"Address: {ip}", lookup, StringComparison.Ordinal);
        await fixture.OkAsync("rm", "-f", a, b);
        await fixture.AssertNothingLeftAsync();
    }
}
