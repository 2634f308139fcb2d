using System.Globalization;
using Cais.Common;
using Cais.Linux;
using Cais.Linux.Commands;

namespace Cais.Network.Firewall;

/// <summary>
/// Installs and removes the per-network iptables rules of <see cref="FirewallRules"/> with the iptables command. Callers
/// run <see cref="EnsureAsync"/> when a network's bridge comes up and <see cref="RemoveAsync"/> when the network goes.
/// </summary>
public sealed class NetworkFirewall : INetworkFirewall
{
    private readonly NetworkFirewallOptions _options;
    private string? _iptables;

    public NetworkFirewall(NetworkFirewallOptions? options = null)
    {
        _options = options ?? new NetworkFirewallOptions();
    }

    /// <summary>
    /// Makes sure the engine chains, their jumps and every rule of <paramref name="network"/> exist, adding only what is
    /// missing; safe to call again at any time. Also turns on IPv4 forwarding for networks that reach the outside.
    /// </summary>
    public async Task EnsureAsync(NetworkRecord network, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        var rules = FirewallRules.For(network);
        using var hold = await FileLock.AcquireAsync(_options.LockPath, exclusive: true, cancellationToken).ConfigureAwait(false);
        if (!network.Internal)
        {
            await EnableForwardingAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var (table, chain) in FirewallRules.Chains)
        {
            await EnsureChainAsync(table, chain, cancellationToken).ConfigureAwait(false);
        }

        // Rules before jumps: a chain that is new gets hooked in only once it is complete.
        await EnsureRulesAsync(FirewallRules.EngineRules, cancellationToken).ConfigureAwait(false);
        foreach (var chainRules in rules.GroupBy(r => (r.Table, r.Chain)))
        {
            await EnsureRulesAsync([.. chainRules], cancellationToken).ConfigureAwait(false);
        }

        foreach (var jump in FirewallRules.Jumps)
        {
            await EnsureJumpAsync(jump, cancellationToken).ConfigureAwait(false);
        }

        if (network.BridgeName == NetworkRecord.DefaultBridge)
        {
            // Earlier versions tagged the shared bridge's rules with each state root's own network ID, one more set per
            // root: drop those now that the one shared set is in place.
            await DeleteRulesAsync(rule => NamesBridge(rule, network.BridgeName) && HasForeignTag(rule, FirewallRules.CommentFor(FirewallRules.OwnerId(network))),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Two iptables checks run side by side: the network's last FORWARD rule (gone when the engine chain was flushed)
    /// and the jump from FORWARD into the engine chain (gone when FORWARD was). Taken without the lock: a probe that
    /// races an EnsureAsync only costs a redundant EnsureAsync.
    /// </summary>
    public async Task<bool> IsInPlaceAsync(NetworkRecord network, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        var last = FirewallRules.For(network).Last(r => r.Chain == FirewallRules.ForwardChain);
        var jump = FirewallRules.Jumps.First(j => j.FromChain == "FORWARD");
        var checks = await Task.WhenAll(
            ExistsAsync(last.CommandLine("-C"), cancellationToken),
            ExistsAsync(["-t", jump.Table, "-C", jump.FromChain, .. jump.Arguments], cancellationToken)).ConfigureAwait(false);
        return checks.All(present => present);
    }

    /// <summary>
    /// Deletes every rule tagged with <paramref name="network"/>'s owner ID (<see cref="FirewallRules.OwnerId"/>) from the engine chains (whatever rule text an older
    /// version of the engine installed); rules or chains that are already gone are fine. The chains and jumps stay.
    /// </summary>
    public async Task RemoveAsync(NetworkRecord network, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        var comment = FirewallRules.CommentFor(FirewallRules.OwnerId(network));
        using var hold = await FileLock.AcquireAsync(_options.LockPath, exclusive: true, cancellationToken).ConfigureAwait(false);
        await DeleteRulesAsync(rule => HasComment(rule, comment), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the rules of the engine chains that <paramref name="match"/> selects; the caller holds the lock.</summary>
    private async Task DeleteRulesAsync(Func<IReadOnlyList<string>, bool> match, CancellationToken cancellationToken)
    {
        foreach (var (table, chain) in FirewallRules.Chains)
        {
            var listing = await RunAsync(["-t", table, "-S", chain], cancellationToken).ConfigureAwait(false);
            if (listing.ExitCode != 0)
            {
                // iptables exits 1 for a chain that does not exist: nothing of this network can be in it.
                ThrowUnlessExitCodeOne(listing);
                continue;
            }

            foreach (var rule in ParseListing(listing.Stdout, chain))
            {
                if (match(rule))
                {
                    await RunCheckedAsync(["-t", table, "-D", chain, .. rule], cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private static bool NamesBridge(IReadOnlyList<string> rule, string bridge)
    {
        for (var i = 0; i + 1 < rule.Count; i++)
        {
            if (rule[i] is "-i" or "-o" && rule[i + 1] == bridge)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Tagged as some network's rule ("cais:…"), but not with <paramref name="own"/>.</summary>
    private static bool HasForeignTag(IReadOnlyList<string> rule, string own)
    {
        for (var i = 0; i + 1 < rule.Count; i++)
        {
            if (rule[i] == "--comment" && rule[i + 1].StartsWith(FirewallRules.CommentPrefix, StringComparison.Ordinal) && rule[i + 1] != own)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The match/target arguments of each "-A CHAIN ..." line of an `iptables -S CHAIN` listing, unquoted.</summary>
    internal static IReadOnlyList<IReadOnlyList<string>> ParseListing(string listing, string chain)
    {
        var rules = new List<IReadOnlyList<string>>();
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var tokens = Tokenize(line);
            if (tokens.Count >= 2 && tokens[0] == "-A" && tokens[1] == chain)
            {
                rules.Add(tokens.Skip(2).ToArray());
            }
        }

        return rules;
    }

    /// <summary>Splits a line of iptables -S output the way iptables quoted it (double quotes, backslash escapes).</summary>
    internal static List<string> Tokenize(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var tokens = new List<string>();
        var current = new System.Text.StringBuilder();
        var inToken = false;
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length)
            {
                current.Append(line[++i]);
                inToken = true;
            }
            else if (c == '"')
            {
                quoted = !quoted;
                inToken = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (inToken)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    inToken = false;
                }
            }
            else
            {
                current.Append(c);
                inToken = true;
            }
        }

        if (inToken)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }

    private static bool HasComment(IReadOnlyList<string> rule, string comment)
    {
        for (var i = 0; i + 1 < rule.Count; i++)
        {
            if (rule[i] == "--comment" && rule[i + 1] == comment)
            {
                return true;
            }
        }

        return false;
    }

    private async Task EnableForwardingAsync(CancellationToken cancellationToken)
    {
        var path = _options.IpForwardPath;
        try
        {
            var current = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            if (current.Trim() != "1")
            {
                await File.WriteAllTextAsync(path, "1\n", cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EngineException(ErrorKind.FailedPrecondition, $"cannot enable IPv4 forwarding ({path}): {e.Message}", e);
        }
    }

    private async Task EnsureChainAsync(string table, string chain, CancellationToken cancellationToken)
    {
        var listing = await RunAsync(["-t", table, "-S", chain], cancellationToken).ConfigureAwait(false);
        if (listing.ExitCode == 0)
        {
            return;
        }

        ThrowUnlessExitCodeOne(listing);
        await RunCheckedAsync(["-t", table, "-N", chain], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Appends the rules of one network in one chain. Their order within the network matters (accepts before the final
    /// drop), so when only some are missing, which needs someone to have deleted rules by hand, the present ones are
    /// deleted and the whole block appended again rather than appending the missing ones after the drop.
    /// </summary>
    private async Task EnsureRulesAsync(IReadOnlyList<FirewallRule> rules, CancellationToken cancellationToken)
    {
        var present = new List<FirewallRule>();
        foreach (var rule in rules)
        {
            if (await ExistsAsync(rule.CommandLine("-C"), cancellationToken).ConfigureAwait(false))
            {
                present.Add(rule);
            }
        }

        if (present.Count == rules.Count)
        {
            return;
        }

        foreach (var rule in present)
        {
            await RunCheckedAsync(rule.CommandLine("-D"), cancellationToken).ConfigureAwait(false);
        }

        foreach (var rule in rules)
        {
            await RunCheckedAsync(rule.CommandLine("-A"), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EnsureJumpAsync(FirewallJump jump, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> check = ["-t", jump.Table, "-C", jump.FromChain, .. jump.Arguments];
        if (!jump.First)
        {
            if (!await ExistsAsync(check, cancellationToken).ConfigureAwait(false))
            {
                await RunCheckedAsync(["-t", jump.Table, "-A", jump.FromChain, .. jump.Arguments], cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var listing = await RunCheckedAsync(["-t", jump.Table, "-S", jump.FromChain], cancellationToken).ConfigureAwait(false);
        var first = ParseListing(listing.Stdout, jump.FromChain).FirstOrDefault();
        if (first is not null && IsJump(first, jump))
        {
            return;
        }

        // Missing, or pushed down by a tool that inserted its own rules at the top since (Docker does on restart).
        while (await ExistsAsync(check, cancellationToken).ConfigureAwait(false))
        {
            await RunCheckedAsync(["-t", jump.Table, "-D", jump.FromChain, .. jump.Arguments], cancellationToken).ConfigureAwait(false);
        }

        await RunCheckedAsync(["-t", jump.Table, "-I", jump.FromChain, "1", .. jump.Arguments], cancellationToken).ConfigureAwait(false);
    }

    private static bool IsJump(IReadOnlyList<string> rule, FirewallJump jump)
    {
        var target = -1;
        for (var i = 0; i + 1 < rule.Count; i++)
        {
            if (rule[i] == "-j")
            {
                target = i + 1;
            }
        }

        return target > 0 && rule[target] == jump.ToChain && HasComment(rule, FirewallRules.EngineComment);
    }

    /// <summary>Runs an iptables -C: exit 0 means the rule exists, 1 that it does not; anything else is a failure.</summary>
    private async Task<bool> ExistsAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 0)
        {
            return true;
        }

        ThrowUnlessExitCodeOne(result);
        return false;
    }

    private static void ThrowUnlessExitCodeOne(IptablesResult result)
    {
        // iptables: 1 = "no such rule/chain" (and other plain failures), 2 = bad arguments, 3 = incompatible, 4 = resources
        // or permissions. Only 1 can mean "not there"; the rest must reach the user.
        if (result.ExitCode != 1)
        {
            throw Failure(result);
        }
    }

    private async Task<IptablesResult> RunCheckedAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 ? result : throw Failure(result);
    }

    private static EngineException Failure(IptablesResult result)
    {
        var stderr = result.Stderr.Trim();
        return new EngineException(
            ErrorKind.Unknown,
            $"firewall: `{result.CommandLine}` failed (exit status {result.ExitCode.ToString(CultureInfo.InvariantCulture)}){(stderr.Length > 0 ? ": " + stderr : "")}");
    }

    private async Task<IptablesResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        string program;
        try
        {
            program = _iptables ??= ExecutableSearch.Find(_options.IptablesPath);
        }
        catch (EngineException e) when (e.Kind == ErrorKind.NotFound)
        {
            throw new EngineException(ErrorKind.FailedPrecondition, $"firewall: cannot run {_options.IptablesPath} (is iptables installed?): {e.Message}", e);
        }

        // -w: wait for the xtables lock instead of failing while another tool (a CNI plugin, Docker) changes rules.
        var request = new CommandRequest { Program = program, Arguments = ["-w", .. arguments] };
        var result = await _options.Commands.RunAsync(request, cancellationToken).ConfigureAwait(false);
        var commandLine = (request with { Program = _options.IptablesPath }).Display();
        return new IptablesResult(commandLine, result.ExitCode, result.Stdout, result.Stderr);
    }

    private readonly record struct IptablesResult(string CommandLine, int ExitCode, string Stdout, string Stderr);
}
