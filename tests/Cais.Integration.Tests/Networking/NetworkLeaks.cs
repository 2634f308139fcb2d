using Cais.Integration.Tests.Containers;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Networking;

/// <summary>What a container on a bridge network must not leave behind once it is gone.</summary>
public static class NetworkLeaks
{
    /// <summary>No veth, namespace file or mount, address allocation or iptables rule of the network's containers remains.</summary>
    public static async Task AssertNoneAsync(ContainerFixture fixture, string network, string? address, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var netnsDir = Path.Combine(fixture.Cais.RunRoot, "netns");
        Assert.True(!Directory.Exists(netnsDir) || Directory.GetFiles(netnsDir).Length == 0,
            $"netns files left: {string.Join(", ", Directory.Exists(netnsDir) ? Directory.GetFiles(netnsDir) : [])}");
        Assert.DoesNotContain(fixture.Cais.Mounts(), m => m.StartsWith(netnsDir, StringComparison.Ordinal));
        var ipam = network == "bridge" ? Path.Combine("/run/cais-net/ipam", network) : Path.Combine(fixture.Cais.Root, "networks", "ipam", network);
        // The default bridge's allocations are host-wide (other tests' containers hold some): look for ours only.
        var allocations = Directory.Exists(ipam)
            ? Directory.GetFiles(ipam).Select(Path.GetFileName)
                .Where(f => f is not null && !f.StartsWith("last_reserved_ip", StringComparison.Ordinal) && f != "lock" && (network != "bridge" || f == address))
                .ToList()
            : [];
        Assert.True(allocations.Count == 0, $"host-local allocations left: {string.Join(", ", allocations)}");
        var cache = Path.Combine(fixture.Cais.Root, "networks", "cache");
        Assert.True(!Directory.Exists(cache) || Directory.GetFiles(cache).Length == 0, "cached CNI results left");

        var bridge = await fixture.OkAsync("network", "inspect", network, "--format", "{{index .Options \"com.docker.network.bridge.name\"}}");
        if (Directory.Exists($"/sys/class/net/{bridge}") && network != "bridge")
        {
            // The kernel drops a veth with its namespace, asynchronously: give it a moment.
            var ports = "";
            await ContainerFixture.EventuallyAsync(async () =>
            {
                ports = (await ExternalTool.RunCheckedAsync("ip", ["-o", "link", "show", "master", bridge], CancellationToken.None)).Stdout.Trim();
                return ports.Length == 0;
            }, TimeSpan.FromSeconds(5));
            Assert.True(ports.Length == 0, $"veths left on {bridge}: {ports}");
        }

        // The network's own NAT and filter rules (tagged "cais:<network id>") live as long as the network does.
        var rules = (await ExternalTool.RunCheckedAsync("iptables-save", [], CancellationToken.None)).Stdout.Split('\n')
            .Where(l => !l.Contains("\"cais:", StringComparison.Ordinal));
        var left = rules.Where(l => (address is not null && l.Contains(address + "/", StringComparison.Ordinal))
            || (prefix is not null && l.Contains(prefix, StringComparison.Ordinal))).ToList();
        Assert.True(left.Count == 0, "iptables rules left:\n" + string.Join('\n', left));
    }
}
