namespace Cais.Network.Dns;

/// <summary>One entry of the question section. <see cref="Name"/> is dotted text without the trailing dot ("" is the root).</summary>
public sealed record DnsQuestion(string Name, DnsRecordType Type, ushort Class = DnsQuestion.ClassInternet)
{
    /// <summary>The IN class, the only one containers ask about.</summary>
    public const ushort ClassInternet = 1;
}
