namespace Cais.Network.Ports;

/// <summary>
/// One row of Docker's container-list "Ports" array: <paramref name="Ip"/> is "" and <paramref name="PublicPort"/> 0
/// for an exposed port that is not published.
/// </summary>
public sealed record PortSummary(string Ip, int PrivatePort, int PublicPort, string Type);
