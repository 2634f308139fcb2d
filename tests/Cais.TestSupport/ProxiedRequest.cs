namespace Cais.TestSupport;

/// <summary>One request that went through <see cref="FaultyProxy"/>, logged when its connection ended.</summary>
public sealed record ProxiedRequest(
    string Method,
    string Target,
    string? Range,
    int Status,
    long BodyBytesSent,
    ProxyFaultKind? Fault)
{
    public bool IsBlobGet => FaultyProxy.IsBlobGet(Method, Target);
}
