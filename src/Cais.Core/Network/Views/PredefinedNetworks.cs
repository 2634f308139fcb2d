using Cais.Common;

namespace Cais.Network.Views;

/// <summary>host and none: network modes, not records, that Docker still lists and inspects as networks.</summary>
public static class PredefinedNetworks
{
    public static IReadOnlyList<string> Modes { get; } = ["host", "none"];

    public static bool IsMode(string name) => name is "host" or "none";

    /// <summary>Fixed IDs, so that they read the same on every call.</summary>
    public static string Id(string name) => Digest.Compute(System.Text.Encoding.UTF8.GetBytes("cais-network-" + name)).Hex;

    public static string Driver(string name) => name == "host" ? "host" : "null";
}
