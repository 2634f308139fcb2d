namespace Cais.Network;

/// <summary>A user-visible network: a Linux bridge plus the IPv4 subnet containers on it get addresses from.</summary>
public sealed record NetworkRecord
{
    /// <summary>Name of the network every engine creates itself, as in Docker.</summary>
    public const string DefaultName = "bridge";

    /// <summary>Bridge device of the default network (Docker uses docker0).</summary>
    public const string DefaultBridge = "cais0";

    public required string Id { get; init; }

    public required string Name { get; init; }

    public string Driver { get; init; } = "bridge";

    /// <summary>IPv4 subnet in CIDR form, e.g. 172.18.0.0/16.</summary>
    public required string Subnet { get; init; }

    public required string Gateway { get; init; }

    public required string BridgeName { get; init; }

    /// <summary>No masquerading to the outside (Docker's --internal).</summary>
    public bool Internal { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public required DateTimeOffset Created { get; init; }

    /// <summary>Bridge device for a network other than the default: "cais-" and the ID, cut to the kernel's 15-byte IFNAMSIZ limit.</summary>
    public static string BridgeNameFor(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var name = "cais-" + id;
        return name.Length > 15 ? name[..15] : name;
    }
}
