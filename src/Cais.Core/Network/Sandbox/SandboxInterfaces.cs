using System.Globalization;

namespace Cais.Network.Sandbox;

/// <summary>How a sandbox's interfaces are named: eth0, eth1, ... in the order networks are joined, reusing gaps.</summary>
public static class SandboxInterfaces
{
    /// <summary>The first network's interface: it carries the published ports (as in Docker).</summary>
    public const string Primary = "eth0";

    /// <summary>The interface of the <paramref name="index"/>th network joined into an empty sandbox.</summary>
    public static string Name(int index) => "eth" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The lowest ethN not taken (a disconnect may have freed one in the middle).</summary>
    public static string NextFree(IReadOnlyCollection<string> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        for (var i = 0; ; i++)
        {
            var name = Name(i);
            if (!taken.Contains(name))
            {
                return name;
            }
        }
    }

    /// <summary>Whether the published ports are forwarded through this interface.</summary>
    public static bool CarriesPorts(string interfaceName) => interfaceName == Primary;
}
