using System.Buffers.Binary;
using System.Globalization;

namespace Cais.Network;

/// <summary>The host's IPv4 routing table from /proc/net/route (no netlink, no `ip` binary needed).</summary>
public static class HostRoutes
{
    public static async Task<IReadOnlyList<HostRoute>> ReadAsync(CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync("/proc/net/route", cancellationToken).ConfigureAwait(false);
        return Parse(text);
    }

    /// <summary>
    /// Parses the table. Destination and Mask are hex of the address in network byte order as the kernel stores it,
    /// so on little-endian hosts the parsed number has its bytes reversed.
    /// </summary>
    public static IReadOnlyList<HostRoute> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var routes = new List<HostRoute>();
        foreach (var line in text.Split('\n').Skip(1))
        {
            var fields = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 8
                || !uint.TryParse(fields[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var destination)
                || !uint.TryParse(fields[7], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var mask))
            {
                continue;
            }

            if (BitConverter.IsLittleEndian)
            {
                destination = BinaryPrimitives.ReverseEndianness(destination);
                mask = BinaryPrimitives.ReverseEndianness(mask);
            }

            routes.Add(new HostRoute(fields[0], new Ipv4Cidr(destination, System.Numerics.BitOperations.PopCount(mask))));
        }

        return routes;
    }
}
