namespace Cais.Core.Tests.ModuleBoundaries;

/// <summary>
/// Keeps the module boundaries real. Inside Cais.Core every type reference from one module (namespace Cais.X) to
/// another must be an edge of the table below (the architecture reference's dependency rules, plus Hosting, the
/// composition root, which may use everything). The CLI reaches the engine only through its front door. Every
/// reference counts (see <see cref="AssemblyReferences"/>): signatures, attributes, generic arguments, method bodies,
/// and the closures and state machines the compiler makes for lambdas and async methods, at any depth.
/// </summary>
public sealed class ModuleDependencyTests
{
    private static readonly Dictionary<string, string[]> s_allowed = new()
    {
        ["Common"] = [],
        ["Oci"] = ["Common"],
        ["Linux"] = ["Common"],
        ["Events"] = ["Common", "Linux"],
        ["Content"] = ["Common", "Oci", "Linux"],
        ["Snapshots"] = ["Common", "Linux"],
        ["Archive"] = ["Common", "Oci", "Linux"],
        ["Distribution"] = ["Common", "Oci", "Content"],
        ["Metadata"] = ["Common", "Oci", "Content", "Snapshots"],
        ["Images"] = ["Common", "Oci", "Content", "Metadata", "Snapshots", "Archive", "Distribution", "Linux", "Events"],
        ["Runtime"] = ["Common", "Oci", "Linux"],
        ["Containers"] = ["Common", "Oci", "Metadata", "Images", "Snapshots", "Runtime", "Linux", "Network", "Events"],
        ["Network"] = ["Common", "Linux", "Metadata", "Oci", "Events"],
        ["Hosting"] = ["Common", "Oci", "Linux", "Content", "Snapshots", "Archive", "Distribution", "Metadata", "Images", "Runtime", "Containers", "Network", "Events"],
    };

    /// <summary>
    /// The CLI may name, besides the service interfaces and the plain data they take and return
    /// (<see cref="FrontDoorTypes"/>), whole namespaces that are vocabulary (errors, ids, digests, signals, OCI
    /// documents, the API's wire types) ...
    /// </summary>
    private static readonly string[] s_cliNamespaces = ["Cais.Common", "Cais.Oci", "Cais.Api"];

    /// <summary>
    /// ... and these types, each for a reason that holds after the redesign. Never a repository, the runtime, the
    /// snapshotter, the content store or Linux interop.
    /// </summary>
    private static readonly string[] s_cliTypes =
    [
        // How the CLI gets its engine: built from the global flags on first use.
        "Cais.Hosting.EngineOnFirstUse",
        // Parsing what the user typed, and Docker's names for it in messages.
        "Cais.Distribution.ImageReference",
        "Cais.Distribution.PlatformSelector",
        "Cais.Network.Ports.PortSpec",
        "Cais.Containers.BindSpec",
        "Cais.Containers.Spec.BindMount",
        "Cais.Metadata.ContainerStatusNames",
        // A command that cannot be launched crosses the service as this inner exception; the error printer maps it to 126/127.
        "Cais.Runtime.CommandLaunchException",
        // The CLI process's own terminal, stdio and signal mask (wrappers over interop, not interop).
        "Cais.Linux.Terminal",
        "Cais.Linux.SignalMask",
        "Cais.Linux.FdWriteStream",
        // "cais system dns --listen": a hand-run resolver serving names given on the command line, no engine state.
        "Cais.Network.Dns.DnsServer",
        "Cais.Network.Dns.DnsServerOptions",
        "Cais.Network.Dns.IDnsRecordSource",
        "Cais.Network.Dns.InMemoryDnsRecordSource",
        "Cais.Network.Dns.HostUpstreams",
    ];

    [Fact]
    public void Core_modules_only_reference_modules_they_may_depend_on()
    {
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var reference in AssemblyReferences.Read(typeof(Cais.Common.Digest).Assembly.Location))
        {
            if (ModuleOf(reference.FromNamespace) is { } from && ModuleOf(reference.ToNamespace) is { } to && to != from && !s_allowed[from].Contains(to))
            {
                violations.Add($"{from} -> {to} ({reference.FromOwner} uses {reference.To})");
            }
        }

        Assert.True(violations.Count == 0, "module boundary violations:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void Cli_uses_the_engine_only_through_its_front_door()
    {
        var frontDoor = FrontDoorTypes.OfEngine();
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var reference in AssemblyReferences.Read(typeof(Cais.Cli.Commands.Handler).Assembly.Location))
        {
            var ns = reference.ToNamespace;
            if (!ns.StartsWith("Cais.", StringComparison.Ordinal) || ns.StartsWith("Cais.Cli", StringComparison.Ordinal))
            {
                continue;
            }

            var type = reference.To.Split('+')[0];
            var allowed = s_cliNamespaces.Any(n => ns == n || ns.StartsWith(n + ".", StringComparison.Ordinal))
                || frontDoor.Contains(reference.To) || s_cliTypes.Contains(type);
            if (!allowed)
            {
                violations.Add($"{reference.To} (used by {reference.FromOwner})");
            }
        }

        Assert.True(violations.Count == 0, "the CLI reaches past the engine's front door:\n" + string.Join('\n', violations));
    }

    /// <summary>The module of a namespace: "Cais.Containers.Spec" is Containers; null outside Cais.Core's modules.</summary>
    private static string? ModuleOf(string ns)
    {
        var parts = ns.Split('.');
        return parts.Length >= 2 && parts[0] == "Cais" && s_allowed.ContainsKey(parts[1]) ? parts[1] : null;
    }
}
