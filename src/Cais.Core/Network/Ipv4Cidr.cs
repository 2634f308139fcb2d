using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Cais.Common;

namespace Cais.Network;

/// <summary>An IPv4 prefix such as 172.17.0.0/16. <see cref="Address"/> is in host order and always the network address.</summary>
public readonly record struct Ipv4Cidr
{
    public Ipv4Cidr(uint address, int prefixLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, 32);
        PrefixLength = prefixLength;
        Address = address & MaskOf(prefixLength);
    }

    public uint Address { get; }

    public int PrefixLength { get; }

    public uint Mask => MaskOf(PrefixLength);

    public uint Broadcast => Address | ~Mask;

    /// <summary>Parses "a.b.c.d/n"; host bits are dropped (Docker rejects them, we are lenient).</summary>
    public static Ipv4Cidr Parse(string text)
    {
        if (!TryParse(text, out var cidr))
        {
            throw EngineException.Invalid($"invalid IPv4 CIDR \"{text}\"");
        }

        return cidr;
    }

    public static bool TryParse(string? text, out Ipv4Cidr cidr)
    {
        cidr = default;
        if (text is null)
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !TryParseAddress(text[..slash], out var address)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix > 32)
        {
            return false;
        }

        cidr = new Ipv4Cidr(address, prefix);
        return true;
    }

    public static bool TryParseAddress(string text, out uint address)
    {
        address = 0;
        if (!IPAddress.TryParse(text, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork || text.Count(c => c == '.') != 3)
        {
            return false;
        }

        address = BinaryPrimitives.ReadUInt32BigEndian(ip.GetAddressBytes());
        return true;
    }

    public static string FormatAddress(uint address)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        return new IPAddress(bytes).ToString();
    }

    public bool Contains(uint address) => (address & Mask) == Address;

    public bool Overlaps(Ipv4Cidr other)
    {
        var shorter = Math.Min(PrefixLength, other.PrefixLength);
        var mask = MaskOf(shorter);
        return (Address & mask) == (other.Address & mask);
    }

    /// <summary>The first usable host address, Docker's default gateway.</summary>
    public uint FirstHost => PrefixLength >= 31 ? Address : Address + 1;

    public override string ToString() => $"{FormatAddress(Address)}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";

    private static uint MaskOf(int prefix) => prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
}
