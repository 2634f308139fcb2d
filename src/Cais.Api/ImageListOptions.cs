namespace Cais.Api;

/// <summary>GET /images/json's query, and <c>images -a/--filter [REPOSITORY[:TAG]]</c> (the CLI sends the argument as a "reference" filter).</summary>
public sealed record ImageListOptions
{
    /// <summary>Intermediate images too (cais builds none, so the list is the same).</summary>
    public bool All { get; init; }

    public FilterArgs Filters { get; init; } = new();
}
