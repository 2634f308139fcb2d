using Cais.Api;
using Cais.Common;

namespace Cais.Network.Views;

/// <summary>
/// The filters of Docker's network prune: until (created before a time, or a duration ago), label (KEY or KEY=VALUE,
/// all must hold) and label! (left alone when all of them hold).
/// </summary>
public sealed class NetworkPruneFilter
{
    private static readonly string[] s_keys = ["until", "label", "label!"];

    private readonly FilterArgs _filters;
    private readonly DateTimeOffset? _until;

    /// <summary>Reads the filters, refusing what Docker refuses in its words.</summary>
    public NetworkPruneFilter(FilterArgs filters, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(filters);
        FilterMatch.RefuseUnknownKeys(filters, s_keys);
        _filters = filters;
        _until = filters.Get("until").Select(v => (DateTimeOffset?)FilterTime.Parse(v, now)).Min();
    }

    public bool Matches(NetworkRecord network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return (_until is null || network.Created < _until)
            && FilterMatch.Labels(_filters, "label", network.Labels)
            && !(_filters.Contains("label!") && FilterMatch.Labels(_filters, "label!", network.Labels));
    }
}
