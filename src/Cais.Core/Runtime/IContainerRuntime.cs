namespace Cais.Runtime;

/// <summary>
/// The OS seam of the container service: creates, starts, signals, inspects and removes containers through an OCI
/// runtime and a per-container monitor, and runs extra processes in them. <see cref="ConmonRuntime"/> implements it
/// (runc under conmon); tests use a recording fake.
/// </summary>
/// <remarks>
/// Contract, which every implementation keeps and the container service relies on:
/// <list type="bullet">
/// <item>A container is named by an id with no '/'; an invalid id is an <see cref="Common.ErrorKind.InvalidArgument"/>.</item>
/// <item>The monitor outlives the calling process. When the container's process ends, the monitor writes
/// ExitDir/&lt;id&gt; (read by <see cref="ReadExit"/>) and then runs the launch's exit command.</item>
/// <item>Failures are <see cref="Common.EngineException"/>s; a command that cannot be run fails with a
/// <see cref="CommandLaunchException"/> carrying Docker's 126/127.</item>
/// <item>Removing what is already gone (<see cref="DeleteAsync"/>) succeeds; signalling a container the runtime does
/// not know fails with <see cref="Common.ErrorKind.NotFound"/>.</item>
/// </list>
/// </remarks>
public interface IContainerRuntime
{
    /// <summary>
    /// Creates the container (not yet started) under a monitor and returns its init pid. The caller has written
    /// BundleDir/config.json. On failure nothing of the container is left in the runtime (no monitor, no state).
    /// </summary>
    Task<int> CreateAsync(ContainerLaunch launch, CancellationToken cancellationToken);

    /// <summary>The monitor's pid recorded in a launch's RunDir once <see cref="CreateAsync"/> returned, or null.</summary>
    int? ReadMonitorPid(string runDir);

    /// <summary>Runs the created container's process.</summary>
    Task StartAsync(string id, CancellationToken cancellationToken);

    /// <summary>Sends a signal to the container's init process, or to all its processes when <paramref name="all"/>.</summary>
    Task KillAsync(string id, int signal, bool all, CancellationToken cancellationToken);

    /// <summary>Removes the runtime's state; a container the runtime does not know is already deleted.</summary>
    Task DeleteAsync(string id, bool force, CancellationToken cancellationToken);

    /// <summary>The runtime's view of the container, or null when the runtime does not know it.</summary>
    Task<RuntimeState?> StateAsync(string id, CancellationToken cancellationToken);

    /// <summary>The exit the monitor recorded for container <paramref name="id"/>, or null while none has been written.</summary>
    ContainerExit? ReadExit(string exitDir, string id);

    /// <summary>
    /// Waits until the monitor recorded the container's exit. When <paramref name="monitorPid"/> is given and the
    /// monitor is gone without recording one, returns an exit with MonitorLost set (code 255).
    /// </summary>
    Task<ContainerExit> WaitExitAsync(string exitDir, string id, int? monitorPid, CancellationToken cancellationToken);

    /// <summary>
    /// Connects to the output (and optionally the stdin) of the container created with <paramref name="bundleDir"/> as
    /// its BundleDir. Do this before <see cref="StartAsync"/> to miss nothing.
    /// </summary>
    Task<IAttachSession> AttachAsync(string bundleDir, Stream? stdin, Stream? stdout, Stream? stderr, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a process in a running container and returns its exit code (0 at once when detached). A command that
    /// cannot be run returns Docker's 126/127 after writing the runtime's message to <paramref name="stderr"/> (to
    /// <paramref name="stdout"/> for a terminal). The process' pid can be read from the launch's WorkDir
    /// (<see cref="ReadExecPid"/>) while it runs.
    /// </summary>
    Task<int> ExecAsync(ExecLaunch launch, Stream? stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken);

    /// <summary>The pid of the exec process started with <paramref name="workDir"/> as its WorkDir, or null before it runs.</summary>
    int? ReadExecPid(string workDir);

    /// <summary>
    /// Resizes the terminal of the exec process started with <paramref name="workDir"/> as its WorkDir, from any
    /// process; an exec without a terminal is left alone.
    /// </summary>
    Task ResizeExecAsync(string workDir, int rows, int columns, CancellationToken cancellationToken);
}
