using System.Globalization;
using Cais.Containers;
using Cais.Containers.Logs;
using Cais.Metadata;
using Cais.Network;

namespace Cais.Cli.Tests.Fakes;

/// <summary>Records container operations; every container exists (as <see cref="Records.Container"/>) unless told to fail.</summary>
internal sealed class FakeContainerService(CallLog log) : IContainerService
{
    /// <summary>What WaitAsync returns.</summary>
    public int ExitCode { get; set; }

    public CreateOptions? Created { get; private set; }

    public Task<ContainerRecord> GetAsync(string idOrName, CancellationToken cancellationToken)
    {
        log.Record(idOrName, $"GetAsync({idOrName})");
        return Task.FromResult(Records.Container(idOrName, idOrName));
    }

    public Task<IReadOnlyList<ContainerRecord>> ListAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ContainerRecord> CreateAsync(CreateOptions options, CancellationToken cancellationToken)
    {
        Created = options;
        log.Record(options.Image, $"CreateAsync({options.Image})");
        return Task.FromResult(Records.Container("c0ffee" + new string('0', 58)));
    }

    public Task<ContainerRecord> StartAsync(string idOrName, Func<ContainerRecord, Task>? beforeStart, CancellationToken cancellationToken)
    {
        log.Record(idOrName, $"StartAsync({idOrName})");
        return Task.FromResult(Records.Container(idOrName));
    }

    public Task<ContainerRecord> StopAsync(string idOrName, int? timeoutSeconds, string? signal, CancellationToken cancellationToken)
    {
        log.Record(idOrName, $"StopAsync({idOrName}, {Show(timeoutSeconds)}, {signal ?? "null"})");
        return Task.FromResult(Records.Container(idOrName));
    }

    public Task KillAsync(string idOrName, string? signal, CancellationToken cancellationToken)
    {
        log.Record(idOrName, $"KillAsync({idOrName}, {signal ?? "null"})");
        return Task.CompletedTask;
    }

    public Task<int> WaitAsync(string idOrName, CancellationToken cancellationToken)
    {
        log.Record(idOrName, $"WaitAsync({idOrName})");
        return Task.FromResult(ExitCode);
    }

    public Task<int> WaitAsync(ContainerRecord record, CancellationToken cancellationToken) => WaitAsync(record.Id, cancellationToken);

    public Task RemoveAsync(string idOrName, bool force, CancellationToken cancellationToken)
    {
        log.Record(idOrName, $"RemoveAsync({idOrName}, force: {force})");
        return Task.CompletedTask;
    }

    public Task RemoveAsync(ContainerRecord record, bool force, CancellationToken cancellationToken) => RemoveAsync(record.Id, force, cancellationToken);

    public Task<ContainerRecord?> CleanupAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> ExecAsync(string idOrName, ExecOptions options, Stream? stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task ConnectAsync(string containerIdOrName, string networkIdOrName, string? ipAddress, IReadOnlyList<string> aliases, CancellationToken cancellationToken)
    {
        log.Record(containerIdOrName, $"ConnectAsync({containerIdOrName}, {networkIdOrName}, {ipAddress ?? "null"}, [{string.Join(", ", aliases)}])");
        return Task.CompletedTask;
    }

    public Task DisconnectAsync(string containerIdOrName, string networkIdOrName, bool force, CancellationToken cancellationToken)
    {
        log.Record(containerIdOrName, $"DisconnectAsync({containerIdOrName}, {networkIdOrName}, force: {force})");
        return Task.CompletedTask;
    }

    public Task<IAsyncEnumerable<LogEntry>> LogsAsync(string idOrName, int? tail, bool follow, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    private static string Show(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "null";

    // Not used by the commands these tests drive (run's foreground path and exec are covered by the integration tests).
    public Task<ReconcileReport> ReconcileAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Cais.Runtime.IAttachSession> AttachAsync(string idOrName, Stream? stdin, Stream? stdout, Stream? stderr, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task ForwardSignalAsync(string idOrName, int signal, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string> CreateExecAsync(string idOrName, ExecOptions options, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> StartExecAsync(string execId, Stream? stdin, Stream stdout, Stream stderr, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<Cais.Containers.Exec.ExecInspect> InspectExecAsync(string execId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task ResizeExecAsync(string execId, int rows, int columns, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Cais.Api.ContainerInspectResponse> InspectAsync(string idOrName, CancellationToken cancellationToken)
    {
        log.Record(idOrName, $"InspectAsync({idOrName})");
        throw new NotSupportedException();
    }

    /// <summary>What the container list returns (ListAsync with options, sizes only when asked); each call is logged with whether sizes were asked.</summary>
    public IReadOnlyList<Cais.Api.ContainerSummary> Summaries { get; set; } = [];

    public Task<IReadOnlyList<Cais.Api.ContainerSummary>> ListAsync(Cais.Api.ContainerListOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        log.Calls.Add($"ListAsync(size: {options.Size})");
        // As the engine: sizes are filled only when asked.
        return Task.FromResult<IReadOnlyList<Cais.Api.ContainerSummary>>(options.Size ? Summaries : [.. Summaries.Select(c => c with { SizeRw = 0, SizeRootFs = 0 })]);
    }

    public Task<Cais.Api.PortMap> PortsAsync(string idOrName, CancellationToken cancellationToken)
    {
        log.Record(idOrName, $"PortsAsync({idOrName})");
        throw new NotSupportedException();
    }

    /// <summary>A container "a" of 12348 written bytes on a 1982739-byte image; sizes only when asked, as the engine does.</summary>
    public Task<Cais.Api.ContainerInspectResponse> InspectAsync(string idOrName, bool size, CancellationToken cancellationToken)
    {
        log.Record(idOrName, $"InspectAsync({idOrName}, size: {size})");
        return Task.FromResult(new Cais.Api.ContainerInspectResponse
        {
            Id = idOrName,
            SizeRw = size ? 12348 : null,
            SizeRootFs = size ? 1995087 : null,
        });
    }

    /// <summary>What <see cref="ListNames"/> answers: (id, name, running).</summary>
    public List<(string Id, string Name, bool Running)> Names { get; } = [];

    public IReadOnlyList<(string Id, string Name)> ListNames(bool all)
    {
        log.Calls.Add($"ListNames({all})");
        return [.. Names.Where(n => all || n.Running).Select(n => (n.Id, n.Name))];
    }
}
