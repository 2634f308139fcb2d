using System.Security.Cryptography;
using Cais.Integration.Tests.Containers;
using Cais.TestSupport;

namespace Cais.Integration.Tests.Networking;

/// <summary>User networks for tests: unique "cais-test-*" names and 10.223.x.0/24 subnets no route or rule on the host mentions.</summary>
public static class TestNetworks
{
    public const string NamePrefix = "cais-test-";

    public static async Task<(string Name, string Subnet)> CreateAsync(ContainerFixture fixture, params string[] flags)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var rules = (await ExternalTool.RunCheckedAsync("iptables-save", [], CancellationToken.None)).Stdout;
        var routes = (await ExternalTool.RunCheckedAsync("ip", ["-4", "route", "show", "table", "all"], CancellationToken.None)).Stdout;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var prefix = $"10.223.{RandomNumberGenerator.GetInt32(256)}.";
            if (rules.Contains(prefix, StringComparison.Ordinal) || routes.Contains(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = NamePrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            var result = await fixture.RunAsync([.. new[] { "network", "create", "--subnet", prefix + "0/24" }, .. flags, name]);
            if (result.ExitCode == 0)
            {
                return (name, prefix + "0/24");
            }
        }

        throw new InvalidOperationException("no free 10.223.x.0/24 test subnet");
    }

    /// <summary>"10.223.7." of "10.223.7.0/24".</summary>
    public static string Prefix(string subnet) => subnet[..(subnet.LastIndexOf('.') + 1)];

    /// <summary>Removes every test network of the fixture's state (after its containers are gone).</summary>
    public static async Task RemoveAllAsync(ContainerFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var networks = await fixture.RunAsync("network", "ls", "--format", "{{.Name}}");
        foreach (var name in networks.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(n => n.StartsWith(NamePrefix, StringComparison.Ordinal)))
        {
            await fixture.RunAsync("network", "rm", name);
        }
    }
}
