namespace Cais.Api;

/// <summary>GET /containers/json's query, and <c>ps -a/-n/-l/--filter</c>.</summary>
public sealed record ContainerListOptions
{
    /// <summary>Stopped containers too (default: running and paused only).</summary>
    public bool All { get; init; }

    /// <summary>Only the N most recently created, of every state; 0 or less for no limit.</summary>
    public int Limit { get; init; }

    public FilterArgs Filters { get; init; } = new();

    /// <summary>
    /// The API's size=1 and <c>ps --size</c>: fill <see cref="ContainerSummary.SizeRw"/> and
    /// <see cref="ContainerSummary.SizeRootFs"/>. It walks every listed container's files, so it is never the default.
    /// </summary>
    public bool Size { get; init; }
}
