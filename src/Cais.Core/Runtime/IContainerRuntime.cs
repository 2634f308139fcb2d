namespace Cais.Runtime;

/// <summary>Creates, starts, signals, inspects and removes containers through an OCI runtime and a per-container monitor.</summary>
public interface IContainerRuntime
{
    /// <summary>Creates the container (not yet started) under a monitor and returns its init pid.</summary>
    Task<int> CreateAsync(ContainerLaunch launch, CancellationToken cancellationToken);

    Task StartAsync(string id, CancellationToken cancellationToken);

    Task KillAsync(string id, int signal, bool all, CancellationToken cancellationToken);

    /// <summary>Removes the runtime's state; a container the runtime does not know is already deleted.</summary>
    Task DeleteAsync(string id, bool force, CancellationToken cancellationToken);

    /// <summary>The runtime's view of the container, or null when the runtime does not know it.</summary>
    Task<RuntimeState?> StateAsync(string id, CancellationToken cancellationToken);

    /// <summary>Connects to the container's output (and optionally stdin). Do this before StartAsync to miss nothing.</summary>
    Task<AttachSession> AttachAsync(string bundleDir, Stream? stdin, Stream? stdout, Stream? stderr, CancellationToken cancellationToken);

    Task<ContainerExit> WaitExitAsync(string exitDir, string id, int? conmonPid, CancellationToken cancellationToken);

    /// <summary>Runs a process in a running container and returns its exit code (126/127 when it cannot be run).</summary>
    Task<int> ExecAsync(ExecLaunch launch, Stream? stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken);
}
