namespace Cais.Network.Dns;

/// <summary>RCODE values of RFC 1035 section 4.1.1 (the four-bit header field).</summary>
public enum DnsResponseCode : byte
{
    NoError = 0,
    FormatError = 1,
    ServerFailure = 2,
    NameError = 3,
    NotImplemented = 4,
    Refused = 5,
}
