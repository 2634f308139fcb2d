namespace Cais.Network.Dns;

/// <summary>Why <see cref="ResolverDaemon.RunAsync"/> returned.</summary>
public enum ResolverDaemonOutcome
{
    /// <summary>No container was attached to a served network any more.</summary>
    Idle,

    /// <summary>Cancelled (SIGTERM or SIGINT in the CLI).</summary>
    Stopped,

    /// <summary>Another daemon holds the lock of this run root; this one did nothing.</summary>
    AlreadyRunning,
}
