using Cais.Linux.Commands;

namespace Cais.Core.Tests.Network.Firewall;

/// <summary>
/// Answers iptables command lines (-w -t T -S/-C/-A/-I/-D/-N CHAIN ...) from an in-memory rule table, as iptables would:
/// exit 1 for a missing rule or chain, rules listed in order with arguments holding spaces quoted.
/// </summary>
internal sealed class IptablesModel
{
    private readonly Dictionary<(string Table, string Chain), List<string[]>> _chains = new();

    public IptablesModel()
    {
        foreach (var (table, chain) in new[] { ("raw", "PREROUTING"), ("nat", "POSTROUTING"), ("filter", "FORWARD"), ("filter", "INPUT") })
        {
            _chains[(table, chain)] = [];
        }
    }

    /// <summary>Every rule as "-t T -A CHAIN args", in chain order.</summary>
    public IReadOnlyList<string> Rules =>
        [.. _chains.OrderBy(c => c.Key.Table, StringComparer.Ordinal).ThenBy(c => c.Key.Chain, StringComparer.Ordinal)
            .SelectMany(c => c.Value.Select(rule => $"-t {c.Key.Table} -A {c.Key.Chain} {Quote(rule)}"))];

    public bool HasChain(string table, string chain) => _chains.ContainsKey((table, chain));

    public CommandResult Run(CommandRequest request)
    {
        var args = request.Arguments.ToList();
        if (args is not ["-w", "-t", var table, var operation, var chain, ..])
        {
            return new CommandResult(2, "", "iptables v1.8.9: unknown arguments");
        }

        var rule = args.Skip(5).ToArray();
        var key = (table, chain);
        if (operation == "-N")
        {
            return _chains.TryAdd(key, []) ? Ok() : new CommandResult(1, "", "iptables: Chain already exists.");
        }

        if (!_chains.TryGetValue(key, out var rules))
        {
            return new CommandResult(1, "", "iptables: No chain/target/match by that name.");
        }

        var index = rules.FindIndex(r => r.SequenceEqual(rule));
        switch (operation)
        {
            case "-S":
                return Ok(string.Concat(rules.Select(r => $"-A {chain} {Quote(r)}\n").Prepend($"-N {chain}\n")));
            case "-C":
                return index >= 0 ? Ok() : new CommandResult(1, "", "iptables: Bad rule (does a matching rule exist in that chain?).");
            case "-A":
                rules.Add(rule);
                return Ok();
            case "-I":
                rules.Insert(int.Parse(rule[0], System.Globalization.CultureInfo.InvariantCulture) - 1, rule[1..]);
                return Ok();
            case "-D" when index >= 0:
                rules.RemoveAt(index);
                return Ok();
            default:
                return new CommandResult(1, "", "iptables: Bad rule (does a matching rule exist in that chain?).");
        }
    }

    private static CommandResult Ok(string stdout = "") => new(0, stdout, "");

    private static string Quote(IEnumerable<string> rule) => string.Join(' ', rule.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
}
