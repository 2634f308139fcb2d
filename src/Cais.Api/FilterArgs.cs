using System.Text.Json;

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

    /// <summary>
    /// The <c>filters</c> query argument of the Engine API: <c>{"name":{"web":true}}</c>, or the older list form
    /// <c>{"name":["web"]}</c> Docker still reads; "" or absent is no filter. Malformed text is a
    /// <see cref="FormatException"/> (the API answers 400).
    /// </summary>
    public static FilterArgs FromJson(string? json)
    {
        var filters = new FilterArgs();
        if (string.IsNullOrEmpty(json))
        {
            return filters;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("invalid filter: the filters must be a JSON object");
            }

            foreach (var key in document.RootElement.EnumerateObject())
            {
                foreach (var value in Values(key.Value))
                {
                    filters.Add(key.Name, value);
                }
            }
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid filter: {e.Message}", e);
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

    /// <summary>The map form, <c>{"key":{"value":true}}</c>, that the Engine API sends.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var key in Keys)
            {
                writer.WriteStartObject(key);
                foreach (var value in Get(key).Distinct(StringComparer.Ordinal))
                {
                    writer.WriteBoolean(value, true);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public bool Contains(string key) => _pairs.Any(p => p.Key == key);

    /// <summary>The values given for one key, in order (empty when the key is absent).</summary>
    public IReadOnlyList<string> Get(string key) => [.. _pairs.Where(p => p.Key == key).Select(p => p.Value)];

    /// <summary>A key's values: the names of a {"value":true} map, or the strings of a legacy list.</summary>
    private static IEnumerable<string> Values(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Select(v => v.Name).ToList(),
        JsonValueKind.Array => element.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new FormatException("invalid filter: a filter's values must be strings")).ToList(),
        _ => throw new FormatException("invalid filter: a filter's values must be an object or a list"),
    };
}
