namespace Cais.Runtime;

/// <summary>The OCI runtime's view of a container (runc state "status").</summary>
public enum RuntimeStatus
{
    Unknown,
    Creating,
    Created,
    Running,
    Paused,
    Stopped,
}
