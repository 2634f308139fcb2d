namespace Cais.Api;

/// <summary>
/// The <c>filters</c> of a list request: key -> values, as Docker's query argument carries them. Which keys a list
/// accepts, and what they mean, is the engine's business; this only holds them, in the order given.
/// </summary>
public sealed class FilterArgs
{
    private readonly List<KeyValuePair<string, string>> _pairs = [];

    /// <summary>Every key=value given, in order (a key may repeat).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    public IEnumerable<string> Keys => _pairs.Select(p => p.Key).Distinct(StringComparer.Ordinal);

    public bool IsEmpty => _pairs.Count == 0;

    public static FilterArgs FromPairs(IEnumerable<(string Key, string Value)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var filters = new FilterArgs();
        foreach (var (key, value) in pairs)
        {
            filters.Add(key, value);
        }

        return filters;
    }

    public FilterArgs Add(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        _pairs.Add(KeyValuePair.Create(key, value));
        return this;
    }

    public bool Contains(string key) => _pairs.Any(p => p.Key == key);

    /// <summary>The values given for one key, in order (empty when the key is absent).</summary>
    public IReadOnlyList<string> Get(string key) => [.. _pairs.Where(p => p.Key == key).Select(p => p.Value)];
}
