using System.Text.RegularExpressions;

namespace Cais.Compat.Tests.Harness;

/// <summary>
/// Turns one side's output into what must be equal across engines: values that differ by nature (random ids, clocks,
/// the registry's port, the bridge subnet each engine picked, MAC addresses) become placeholders, numbered in order of
/// appearance so that "the same id twice" is still checked. Everything else is compared verbatim. Each rule says why.
/// </summary>
public sealed partial class Normaliser(string registryHost, string imageId, string imageDigest, IReadOnlyDictionary<string, string> literals)
{
    /// <param name="port">the side's own free host port ({PORT}), which reads &lt;PORT&gt;.</param>
    public string Stdout(string text, CompatCase compatCase, string port) => Common(text, compatCase, port);

    /// <summary>
    /// Stderr also names its program ("docker: …", "Run 'docker run --help'", "Usage:  docker run"), and errors from the
    /// OCI runtime carry the chain of layers they passed through, which depends on the daemon's, containerd's and runc's
    /// versions ("failed to create shim task: OCI runtime create failed: runc create failed: unable to start container
    /// process: [error during container init: ]exec: …: unknown"): only the runtime's own message from "exec:" on is
    /// compared, so a missing command still has to fail with "executable file not found in $PATH".
    /// </summary>
    public string Stderr(string text, CompatCase compatCase, string port)
    {
        text = ProgramName().Replace(Common(text, compatCase, port), "cais");
        return RuntimeErrorChain().Replace(text, "<OCI runtime error>: $1");
    }

    private string Common(string text, CompatCase compatCase, string port)
    {
        ArgumentNullException.ThrowIfNull(compatCase);
        foreach (var rule in compatCase.Normalisations)
        {
            text = rule.Pattern.Replace(text, rule.Replacement);
        }

        // Each side publishes on its own free host port, so that both can hold a standing setup at once.
        if (port.Length > 0)
        {
            text = Regex.Replace(text, $@"\b{port}\b", "<PORT>");
        }

        // Paths each side has its own of (DOCKER_CONFIG), named by what they are.
        foreach (var (literal, name) in literals)
        {
            text = text.Replace(literal, name, StringComparison.Ordinal);
        }

        // The registry listens on a free port chosen per run.
        text = text.Replace(registryHost, "<REGISTRY>", StringComparison.Ordinal);

        // The image is the same bytes on both sides, so its id and digest must match: named rather than numbered, so
        // that an engine reporting another id for it shows up.
        text = text.Replace(imageDigest, "<DIGEST>", StringComparison.Ordinal);
        var bareImageId = imageId.Replace("sha256:", "", StringComparison.Ordinal);
        text = text.Replace(bareImageId, "<IMAGE-ID>", StringComparison.Ordinal).Replace(bareImageId[..12], "<IMAGE-ID>", StringComparison.Ordinal);

        // Container, network and exec ids are random: number them by first appearance (a short id maps to its full one).
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        text = HexId().Replace(text, m =>
        {
            var key = m.Value[..12];
            if (!ids.TryGetValue(key, out var name))
            {
                name = $"<ID{ids.Count + 1}>";
                ids[key] = name;
            }

            return name;
        });

        text = Rfc3339().Replace(text, "<TIME>");
        text = GoTime().Replace(text, "<TIME>");
        text = Ago().Replace(text, "<AGO>");
        text = Up().Replace(text, "Up <DURATION>");
        text = Mac().Replace(text, "<MAC>");

        // Each engine's bridges come from its own pool: Docker's private ones here (10.198/16, 10.200/14), Cais's from Docker's
        // defaults (172.16/12, 192.168/16). Addresses a case chooses itself (--subnet, --ip, -p 127.0.0.1:…) are kept.
        text = BridgeAddress().Replace(text, "<BRIDGE-IP>");

        // Cais's networks are IPv4-only by design (README, Networking): Docker's extra IPv6 port bindings are dropped.
        text = Ipv6PortInPs().Replace(text, "");
        text = Ipv6PortLine().Replace(text, "");
        text = Ipv6PortInTemplate().Replace(text, "");
        text = Ipv6PortInJson().Replace(text, "");

        // Table columns are as wide as their longest cell, and the cells above hold normalised values of other widths:
        // a column gap (two or more spaces after text) compares as one gap; trailing blanks are ignored.
        text = ColumnGap().Replace(text, "  ");
        return TrailingBlanks().Replace(text, "");
    }

    [GeneratedRegex(@"\b[0-9a-f]{64}\b|\b[0-9a-f]{12}\b")]
    private static partial Regex HexId();

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")]
    private static partial Regex Rfc3339();

    [GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? [+-]\d{4} \w+")]
    private static partial Regex GoTime();

    [GeneratedRegex(@"(Less than a second|About a minute|About an hour|\d+ (seconds?|minutes?|hours?|days?|weeks?|months?|years?)|an? (minute|hour|day|week|month|year)) ago")]
    private static partial Regex Ago();

    [GeneratedRegex(@"Up (Less than a second|About a minute|About an hour|\d+ (seconds?|minutes?|hours?|days?|weeks?|months?|years?))")]
    private static partial Regex Up();

    [GeneratedRegex(@"\b([0-9a-f]{2}:){5}[0-9a-f]{2}\b")]
    private static partial Regex Mac();

    [GeneratedRegex(@"\b(10\.198|10\.20[0-3]|172\.(1[6-9]|2\d|3[01])|192\.168)\.\d{1,3}\.\d{1,3}\b")]
    private static partial Regex BridgeAddress();

    [GeneratedRegex(@", (:::|\[::\]:)(\d+|<PORT>)(-\d+)?->\d+(-\d+)?/\w+")]
    private static partial Regex Ipv6PortInPs();

    [GeneratedRegex(@"^(\d+/\w+ -> )?\[::\]:(\d+|<PORT>)\n", RegexOptions.Multiline)]
    private static partial Regex Ipv6PortLine();

    [GeneratedRegex(@" \{:: (\d+|<PORT>)\}")]
    private static partial Regex Ipv6PortInTemplate();

    [GeneratedRegex(@",?\{""HostIp"":""::"",""HostPort"":""(\d+|<PORT>)""\}")]
    private static partial Regex Ipv6PortInJson();

    [GeneratedRegex(@"(?<=\S) {2,}")]
    private static partial Regex ColumnGap();

    [GeneratedRegex(@"[ \t]+$", RegexOptions.Multiline)]
    private static partial Regex TrailingBlanks();

    [GeneratedRegex(@"(?:(?:failed to create task for container|failed to create shim task|OCI runtime (?:create|exec) failed|exec failed|runc create failed|unable to start container process|error during container init): )+(exec: ""[^""]*"": [^\n]*?)(?:: unknown)?$", RegexOptions.Multiline)]
    private static partial Regex RuntimeErrorChain();

    // "docker" as the program's name, not as part of docker.io, docker-proxy or a path.
    [GeneratedRegex(@"(?<![\w./-])docker(?![\w./-])")]
    private static partial Regex ProgramName();
}
