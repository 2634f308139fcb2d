namespace Cais.Metadata;

/// <summary>
/// A published port as stored in a container record: what <c>-p</c>/<c>-P</c> asked for (HostPort 0 = any) in the
/// settings, and the host port actually given in the state. HostIp "" means every host address.
/// </summary>
public sealed record PublishedPort
{
    public string HostIp { get; init; } = "";

    public int HostPort { get; init; }

    /// <summary>Above <see cref="HostPort"/> when a host port range was asked for ("8080-8090:80").</summary>
    public int HostPortEnd { get; init; }

    public int ContainerPort { get; init; }

    /// <summary>tcp, udp or sctp.</summary>
    public string Protocol { get; init; } = "tcp";
}
