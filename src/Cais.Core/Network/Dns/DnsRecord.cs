using System.Net;
using System.Net.Sockets;

namespace Cais.Network.Dns;

/// <summary>
/// One resource record. RDATA stays raw bytes: the resolver only builds A/AAAA records itself and relays forwarded
/// answers byte for byte, so it never needs to re-encode (possibly compressed) names inside foreign RDATA.
/// </summary>
public sealed record DnsRecord(string Name, DnsRecordType Type, ushort Class, uint Ttl, ReadOnlyMemory<byte> Data)
{
    /// <summary>An A (IPv4) or AAAA (IPv6) record for <paramref name="address"/>.</summary>
    public static DnsRecord Address(string name, IPAddress address, uint ttl)
    {
        ArgumentNullException.ThrowIfNull(address);
        var type = address.AddressFamily switch
        {
            AddressFamily.InterNetwork => DnsRecordType.A,
            AddressFamily.InterNetworkV6 => DnsRecordType.AAAA,
            _ => throw new ArgumentException($"address family {address.AddressFamily} has no DNS record type", nameof(address)),
        };
        return new DnsRecord(name, type, DnsQuestion.ClassInternet, ttl, address.GetAddressBytes());
    }

    /// <summary>The address an A or AAAA record carries, or null for any other record or a malformed length.</summary>
    public IPAddress? ToAddress() => (Type, Data.Length) switch
    {
        (DnsRecordType.A, 4) or (DnsRecordType.AAAA, 16) => new IPAddress(Data.Span),
        _ => null,
    };
}
