namespace Cais.Network.Firewall;

/// <summary>One iptables rule in an engine-owned chain: its table, chain and the match/target arguments after the chain name.</summary>
public sealed record FirewallRule(string Table, string Chain, IReadOnlyList<string> Arguments)
{
    /// <summary>The rule as iptables takes it with <paramref name="operation"/> (-A, -C, -D), e.g. "-t nat -C CAIS-POSTROUTING -s ...".</summary>
    public IReadOnlyList<string> CommandLine(string operation) => ["-t", Table, operation, Chain, .. Arguments];

    /// <summary>Shell-like text for messages and reports ("-t filter -A CAIS-FORWARD -o cais0 ... -j ACCEPT").</summary>
    public override string ToString() =>
        string.Join(' ', CommandLine("-A").Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));

    public bool Equals(FirewallRule? other) =>
        other is not null && Table == other.Table && Chain == other.Chain && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode() => HashCode.Combine(Table, Chain, Arguments.Count > 0 ? Arguments[^1] : null);
}
