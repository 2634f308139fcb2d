using Cais.Api;

using Cais.Containers.Exec;
using Cais.Metadata;
using Cais.Network;
using Cais.Runtime;

namespace Cais.Containers;

/// <summary>
/// The containers front door: every operation the CLI and the API service make on containers. Implemented once, by
/// <see cref="ContainerService"/>; front doors decode their input, make one call and render the result.
/// </summary>
/// <remarks>
/// Errors are <see cref="Common.EngineException"/>s whose <see cref="Common.ErrorKind"/> each front door maps once
/// (exit codes, HTTP status). Messages use Docker's words where clients parse them.
/// </remarks>
public interface IContainerService
{
    Task<ContainerRecord> GetAsync(string idOrName, CancellationToken cancellationToken);

    Task<IReadOnlyList<ContainerRecord>> ListAsync(CancellationToken cancellationToken);

    Task<ContainerRecord> CreateAsync(CreateOptions options, CancellationToken cancellationToken);

    Task<ContainerRecord> StartAsync(string idOrName, Func<ContainerRecord, Task>? beforeStart, CancellationToken cancellationToken);

    Task<ContainerRecord> StopAsync(string idOrName, int? timeoutSeconds, string? signal, CancellationToken cancellationToken);

    Task KillAsync(string idOrName, string? signal, CancellationToken cancellationToken);

    Task<int> WaitAsync(string idOrName, CancellationToken cancellationToken);

    Task<int> WaitAsync(ContainerRecord record, CancellationToken cancellationToken);

    Task RemoveAsync(string idOrName, bool force, CancellationToken cancellationToken);

    Task RemoveAsync(ContainerRecord record, bool force, CancellationToken cancellationToken);

    /// <summary>What conmon's exit command runs: records the exit and honours --rm. Idempotent.</summary>
    Task<ContainerRecord?> CleanupAsync(string id, CancellationToken cancellationToken);

    Task<int> ExecAsync(string idOrName, ExecOptions options, Stream? stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken);

    Task ConnectAsync(string containerIdOrName, string networkIdOrName, string? ipAddress, IReadOnlyList<string> aliases, CancellationToken cancellationToken);

    Task DisconnectAsync(string containerIdOrName, string networkIdOrName, bool force, CancellationToken cancellationToken);


    /// <summary>Docker's container inspect document, or NotFound ("No such container: x").</summary>
    Task<ContainerInspectResponse> InspectAsync(string idOrName, CancellationToken cancellationToken);

    /// <summary>Docker's container list (what <c>ps</c> shows); unknown filters are refused in Docker's words.</summary>
    Task<IReadOnlyList<ContainerSummary>> ListAsync(ContainerListOptions options, CancellationToken cancellationToken);

    /// <summary>The container's NetworkSettings.Ports: published ports while it runs, exposed ones as null.</summary>
    Task<PortMap> PortsAsync(string idOrName, CancellationToken cancellationToken);

    /// <summary>
    /// Brings every record in line with what runs after processes died (crash, kill -9, reboot): adopts live monitors,
    /// marks dead ones exited, and sweeps namespaces, mounts, snapshots and exit files that dead processes left. A
    /// long-running service runs it at start.
    /// </summary>
    Task<ReconcileReport> ReconcileAsync(CancellationToken cancellationToken);
    /// <summary>Connects streams to the stdio of a container being started or running (no lock: see the implementation).</summary>
    Task<IAttachSession> AttachAsync(string idOrName, Stream? stdin, Stream? stdout, Stream? stderr, CancellationToken cancellationToken);

    /// <summary>Docker's --sig-proxy: a signal a foreground client received, for the running container's process.</summary>
    Task ForwardSignalAsync(string idOrName, int signal, CancellationToken cancellationToken);

    /// <summary>Docker's exec create: returns the id of a session that any process of this state root can start once.</summary>
    Task<string> CreateExecAsync(string idOrName, ExecOptions options, CancellationToken cancellationToken);

    /// <summary>Docker's exec start: runs the session and returns its exit code (0 at once when detached).</summary>
    Task<int> StartExecAsync(string execId, Stream? stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken);

    /// <summary>Docker's exec inspect.</summary>
    Task<ExecInspect> InspectExecAsync(string execId, CancellationToken cancellationToken);

    /// <summary>Docker's exec resize: the terminal of a running exec session.</summary>
    Task ResizeExecAsync(string execId, int rows, int columns, CancellationToken cancellationToken);
    /// <summary>The container's log entries (the last <paramref name="tail"/> only when set), followed until it stops with <paramref name="follow"/>.</summary>
    Task<IAsyncEnumerable<Logs.LogEntry>> LogsAsync(string idOrName, int? tail, bool follow, CancellationToken cancellationToken);

    /// <summary>Docker's container inspect document, with <c>SizeRw</c> and <c>SizeRootFs</c> when <paramref name="size"/> (they walk the container's files).</summary>
    Task<ContainerInspectResponse> InspectAsync(string idOrName, bool size, CancellationToken cancellationToken);

    /// <summary>
    /// The IDs and names of the containers (only those up unless <paramref name="all"/>), as recorded: no lock, no
    /// write, no runtime call. What shell completion offers, so it stays instant.
    /// </summary>
    IReadOnlyList<(string Id, string Name)> ListNames(bool all);
}
