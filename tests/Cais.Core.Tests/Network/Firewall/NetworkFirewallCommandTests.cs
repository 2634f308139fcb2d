using Cais.Common;
using Cais.Linux.Commands;
using Cais.Network;
using Cais.Network.Firewall;
using Cais.TestSupport;

namespace Cais.Core.Tests.Network.Firewall;

/// <summary>The iptables command lines the firewall runs, against a recorded, scripted iptables: no root, no host rules.</summary>
public sealed class NetworkFirewallCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly IptablesModel _iptables = new();
    private readonly RecordingCommandRunner _commands;
    private readonly NetworkFirewall _firewall;

    public NetworkFirewallCommandTests()
    {
        _commands = new RecordingCommandRunner(_iptables.Run);
        File.WriteAllText(_dir.Combine("ip_forward"), "0\n");
        _firewall = new NetworkFirewall(new NetworkFirewallOptions
        {
            LockPath = _dir.Combine("firewall.lock"),
            IptablesPath = "/usr/sbin/iptables",
            IpForwardPath = _dir.Combine("ip_forward"),
            Commands = _commands,
        });
    }

    public void Dispose() => _dir.Dispose();

    private static NetworkRecord Network(string id, int octet, bool @internal = false) => new()
    {
        Id = id,
        Name = "net-" + id,
        Subnet = $"10.{octet}.0.0/16",
        Gateway = $"10.{octet}.0.1",
        BridgeName = "cais-" + id,
        Internal = @internal,
        Created = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public async Task Ensure_on_a_bare_host_creates_the_chains_rules_and_first_jumps_and_turns_on_forwarding()
    {
        var network = Network("f1", 89);

        await _firewall.EnsureAsync(network, CancellationToken.None);

        Assert.All(_commands.Runs, run => Assert.Equal("/usr/sbin/iptables", run.Program));
        Assert.All(_commands.Runs, run => Assert.Equal("-w", run.Arguments[0]));
        Assert.All(FirewallRules.Chains, c => Assert.True(_iptables.HasChain(c.Table, c.Chain)));
        Assert.Superset(FirewallRules.For(network).Select(r => r.ToString()).ToHashSet(), _iptables.Rules.ToHashSet());
        Assert.Contains("-t filter -A FORWARD -m comment --comment \"cais network rules\" -j CAIS-FORWARD", _iptables.Rules);
        Assert.Equal("1", File.ReadAllText(_dir.Combine("ip_forward")).Trim());
    }

    [Fact]
    public async Task Ensure_again_only_checks()
    {
        var network = Network("f1", 89);
        await _firewall.EnsureAsync(network, CancellationToken.None);
        var before = _iptables.Rules;
        var runs = _commands.Runs.Count;

        await _firewall.EnsureAsync(network, CancellationToken.None);

        Assert.Equal(before, _iptables.Rules);
        Assert.All(_commands.Runs.Skip(runs), run => Assert.Contains(run.Arguments[3], new[] { "-S", "-C" }));
    }

    [Fact]
    public async Task Remove_deletes_only_the_rules_tagged_with_that_network()
    {
        var front = Network("f1", 89);
        var back = Network("b2", 90, @internal: true);
        await _firewall.EnsureAsync(front, CancellationToken.None);
        await _firewall.EnsureAsync(back, CancellationToken.None);

        await _firewall.RemoveAsync(front, CancellationToken.None);

        Assert.DoesNotContain(_iptables.Rules, rule => rule.Contains("cais:f1", StringComparison.Ordinal));
        Assert.Superset(FirewallRules.For(back).Select(r => r.ToString()).ToHashSet(), _iptables.Rules.ToHashSet());
    }

    [Fact]
    public async Task Probe_runs_two_checks_and_sees_a_flushed_chain()
    {
        var network = Network("f1", 89);
        await _firewall.EnsureAsync(network, CancellationToken.None);
        var runs = _commands.Runs.Count;

        Assert.True(await _firewall.IsInPlaceAsync(network, CancellationToken.None));
        Assert.Equal(2, _commands.Runs.Count - runs);
        Assert.All(_commands.Runs.Skip(runs), run => Assert.Equal("-C", run.Arguments[3]));

        _iptables.Run(new CommandRequest { Program = "iptables", Arguments = ["-w", "-t", "filter", "-D", "FORWARD", .. FirewallRules.Jumps.First(j => j.FromChain == "FORWARD").Arguments] });
        Assert.False(await _firewall.IsInPlaceAsync(network, CancellationToken.None));
    }

    [Fact]
    public async Task An_iptables_failure_other_than_not_found_reaches_the_user_with_its_command_line()
    {
        var commands = new RecordingCommandRunner(_ => new CommandResult(4, "", "iptables: Permission denied (you must be root)."));
        var firewall = new NetworkFirewall(new NetworkFirewallOptions { LockPath = _dir.Combine("lock"), IptablesPath = "/usr/sbin/iptables", Commands = commands });

        var error = await Assert.ThrowsAsync<EngineException>(() => firewall.IsInPlaceAsync(Network("f1", 89), CancellationToken.None));

        Assert.Contains("`/usr/sbin/iptables -w -t filter -C", error.Message, StringComparison.Ordinal);
        Assert.Contains("exit status 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("Permission denied", error.Message, StringComparison.Ordinal);
    }
}
