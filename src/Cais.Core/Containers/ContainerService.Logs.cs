using Cais.Containers.Logs;
using Cais.Metadata;

namespace Cais.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// The container's log from the start (or its last <paramref name="tail"/> lines); with <paramref name="follow"/>
    /// the entries keep coming until the container stops. The container is resolved now (NotFound before any output).
    /// </summary>
    public async Task<IAsyncEnumerable<LogEntry>> LogsAsync(string idOrName, int? tail, bool follow, CancellationToken cancellationToken)
    {
        var record = await GetAsync(idOrName, cancellationToken).ConfigureAwait(false);
        async Task<bool> Running() => (await GetAsync(record.Id, cancellationToken).ConfigureAwait(false)).State.Status is ContainerStatus.Running or ContainerStatus.Paused;
        return LogReader.ReadAsync(LogPath(record.Id), tail, follow, Running, cancellationToken);
    }
}
