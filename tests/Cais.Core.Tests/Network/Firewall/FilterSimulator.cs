using Cais.Network;
using Cais.Network.Firewall;

namespace Cais.Core.Tests.Network.Firewall;

/// <summary>A packet as the filter table sees it: interfaces, conntrack states (NEW, DNAT ...) and destination address.</summary>
internal sealed record SimPacket(string In, string Out, string[] States, string Destination = "192.0.2.10")
{
    public override string ToString() => $"{In} -> {(Out.Length == 0 ? "host " + Destination : Out)} [{string.Join(',', States)}]";
}

/// <summary>
/// First-match evaluation of iptables rules as the kernel does it, for the small vocabulary the engine generates. Any
/// argument it does not understand throws, so a rule it cannot judge never silently matches or misses.
/// </summary>
internal sealed class FilterSimulator
{
    private readonly Dictionary<string, List<IReadOnlyList<string>>> _chains = new(StringComparer.Ordinal);

    public void Append(string chain, IReadOnlyList<string> arguments)
    {
        if (!_chains.TryGetValue(chain, out var rules))
        {
            _chains[chain] = rules = [];
        }

        rules.Add(arguments);
    }

    /// <summary>ACCEPT or DROP, or null when the chain returns without a verdict (the host's own rules decide).</summary>
    public string? Evaluate(string chain, SimPacket packet)
    {
        foreach (var rule in _chains.GetValueOrDefault(chain) ?? [])
        {
            var (matches, target) = Match(rule, packet);
            if (!matches)
            {
                continue;
            }

            switch (target)
            {
                case "ACCEPT" or "DROP":
                    return target;
                case "RETURN":
                    return null;
                default:
                    if (!_chains.ContainsKey(target))
                    {
                        throw new InvalidOperationException($"unknown target {target}");
                    }

                    if (Evaluate(target, packet) is { } verdict)
                    {
                        return verdict;
                    }

                    break;
            }
        }

        return null;
    }

    private static (bool Matches, string Target) Match(IReadOnlyList<string> rule, SimPacket packet)
    {
        var matches = true;
        string? target = null;
        var negate = false;
        for (var i = 0; i < rule.Count; i++)
        {
            var option = rule[i];
            bool? result = null;
            switch (option)
            {
                case "!":
                    negate = true;
                    continue;
                case "-m":
                    i++;
                    if (rule[i] is not ("conntrack" or "comment"))
                    {
                        throw new InvalidOperationException($"unknown match module {rule[i]}");
                    }

                    continue;
                case "--comment":
                    i++;
                    continue;
                case "-j":
                    target = rule[++i];
                    continue;
                case "-i":
                    result = Interface(rule[++i], packet.In);
                    break;
                case "-o":
                    result = Interface(rule[++i], packet.Out);
                    break;
                case "--ctstate":
                    result = rule[++i].Split(',').Intersect(packet.States).Any();
                    break;
                case "-d":
                    var value = rule[++i];
                    Assert.True(Ipv4Cidr.TryParseAddress(packet.Destination, out var destination));
                    result = Ipv4Cidr.Parse(value.Contains('/', StringComparison.Ordinal) ? value : value + "/32").Contains(destination);
                    break;
                default:
                    throw new InvalidOperationException($"simulator does not know {option} in {string.Join(' ', rule)}");
            }

            matches &= result.Value != negate;
            negate = false;
        }

        return (matches, target ?? throw new InvalidOperationException("rule without target"));
    }

    private static bool Interface(string pattern, string name) =>
        pattern.EndsWith('+') ? name.StartsWith(pattern[..^1], StringComparison.Ordinal) : name == pattern;
}
