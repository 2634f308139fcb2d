namespace Cais.Api;

/// <summary>GET /containers/json's query, and <c>ps -a/-n/-l/--filter</c>.</summary>
public sealed record ContainerListOptions
{
    /// <summary>Stopped containers too (default: running and paused only).</summary>
    public bool All { get; init; }

    /// <summary>Only the N most recently created, of every state; 0 or less for no limit.</summary>
    public int Limit { get; init; }

    public FilterArgs Filters { get; init; } = new();
}
