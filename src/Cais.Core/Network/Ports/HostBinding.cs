namespace Cais.Network.Ports;

/// <summary>
/// One host side of a published port as Docker's inspect shows it in NetworkSettings.Ports and HostConfig.PortBindings:
/// strings, HostIp "0.0.0.0"/"::" for every address, HostPort as decimal text.
/// </summary>
public sealed record HostBinding(string HostIp, string HostPort);
