namespace Cais.Network.Sandbox;

/// <summary>Where the sandboxes of one state keep their namespaces and the lock of their published ports.</summary>
public sealed record NetworkSandboxOptions
{
    /// <summary>Directory of the namespace bind mounts, one file per sandbox ID.</summary>
    public required string NamespaceDirectory { get; init; }

    /// <summary>The lock under which host ports are checked and recorded (see <see cref="IPublishedPortRecords"/>).</summary>
    public required string PortsLockPath { get; init; }
}
