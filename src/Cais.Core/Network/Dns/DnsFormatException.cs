namespace Cais.Network.Dns;

/// <summary>
/// A message that is not well-formed DNS. The only exception the parser throws, so a server can answer FORMERR
/// for it and treat anything else as its own bug.
/// </summary>
public sealed class DnsFormatException : Exception
{
    public DnsFormatException()
    {
    }

    public DnsFormatException(string message)
        : base(message)
    {
    }

    public DnsFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
