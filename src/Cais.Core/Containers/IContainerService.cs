using Cais.Api;
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

    /// <summary>Docker's container inspect document, or NotFound ("No such container: x").</summary>
    Task<ContainerInspectResponse> InspectAsync(string idOrName, CancellationToken cancellationToken);

    /// <summary>Docker's container list (what <c>ps</c> shows); unknown filters are refused in Docker's words.</summary>
    Task<IReadOnlyList<ContainerSummary>> ListAsync(ContainerListOptions options, CancellationToken cancellationToken);

    /// <summary>The container's NetworkSettings.Ports: published ports while it runs, exposed ones as null.</summary>
    Task<PortMap> PortsAsync(string idOrName, CancellationToken cancellationToken);
}
