using Cais.Metadata;
using Cais.Network;

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

    IReadOnlyList<ContainerRecord> ContainersOnNetwork(NetworkRecord network);

    string LogPath(string id);

    /// <summary>
    /// Brings every record in line with what runs after processes died (crash, kill -9, reboot): adopts live monitors,
    /// marks dead ones exited, and sweeps namespaces, mounts, snapshots and exit files that dead processes left. A
    /// long-running service runs it at start.
    /// </summary>
    Task<ReconcileReport> ReconcileAsync(CancellationToken cancellationToken);
}
