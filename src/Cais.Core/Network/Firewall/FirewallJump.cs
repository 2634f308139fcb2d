namespace Cais.Network.Firewall;

/// <summary>
/// A jump from a chain the engine does not own (FORWARD, POSTROUTING ...) or from one of its own chains into an engine chain.
/// <paramref name="First"/> jumps must be the first rule of their chain, so rules that come later (a DROP policy,
/// Docker's chains) cannot decide about engine traffic before the engine does.
/// </summary>
public sealed record FirewallJump(string Table, string FromChain, string ToChain, bool First)
{
    /// <summary>The match/target arguments of the jump rule (after the chain name).</summary>
    public IReadOnlyList<string> Arguments => ["-m", "comment", "--comment", FirewallRules.EngineComment, "-j", ToChain];

    public override string ToString() => $"-t {Table} {(First ? "-I" : "-A")} {FromChain} -m comment --comment \"{FirewallRules.EngineComment}\" -j {ToChain}";
}
