using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cais.Api;

namespace Cais.Cli.Rendering;

/// <summary>
/// Turns a wire object (<c>Cais.Api</c>) into the Go value Docker's templates see, walking the source-generated
/// <see cref="JsonTypeInfo"/> metadata (NativeAOT-safe: no reflection): JSON objects become structs (fields in declaration
/// order), dictionaries maps, enumerables slices; a null reference is a nil slice, nil map or nil pointer by its type.
/// </summary>
public static class WireTemplateValue
{
    // Fields that are time.Time in Docker's Go types (printed "2006-01-02 15:04:05.999999999 +0000 UTC") but strings on the wire.
    private static readonly HashSet<(Type Declaring, string Name)> s_goTimes =
    [
        (typeof(NetworkResource), "Created"),
        (typeof(ImageMetadata), "LastTagTime"),
    ];

    public static TemplateValue From<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return From(value, (JsonTypeInfo)typeInfo);
    }

    public static TemplateValue From(object? value, JsonTypeInfo typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        switch (typeInfo.Kind)
        {
            case JsonTypeInfoKind.Object:
                return value is null ? TemplateValue.Null : Struct(value, typeInfo);
            case JsonTypeInfoKind.Dictionary:
                return value is null ? TemplateValue.NilMap : Map(value, typeInfo);
            case JsonTypeInfoKind.Enumerable:
                return value is null ? TemplateValue.NilList : List((IEnumerable)value, typeInfo);
            default:
                return Scalar(value, typeInfo);
        }
    }

    private static TemplateValue Struct(object value, JsonTypeInfo typeInfo)
    {
        var fields = new List<KeyValuePair<string, TemplateValue>>(typeInfo.Properties.Count);
        foreach (var property in typeInfo.Properties)
        {
            if (property.Get is not { } get)
            {
                continue;
            }

            var fieldValue = get(value);
            var field = s_goTimes.Contains((typeInfo.Type, property.Name)) && fieldValue is string time
                ? GoTime(time)
                : From(fieldValue, typeInfo.Options.GetTypeInfo(property.PropertyType));
            fields.Add(KeyValuePair.Create(property.Name, field));
        }

        return TemplateValue.FromStruct(typeInfo.Type.Name, fields);
    }

    private static TemplateValue Map(object value, JsonTypeInfo typeInfo)
    {
        if (value is not IDictionary dictionary || typeInfo.ElementType is not { } elementType)
        {
            return Serialized(value, typeInfo);
        }

        var elementInfo = typeInfo.Options.GetTypeInfo(elementType);
        var entries = new List<KeyValuePair<string, TemplateValue>>(dictionary.Count);
        foreach (DictionaryEntry entry in dictionary)
        {
            entries.Add(KeyValuePair.Create(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "", From(entry.Value, elementInfo)));
        }

        return TemplateValue.FromObject(entries);
    }

    private static TemplateValue List(IEnumerable value, JsonTypeInfo typeInfo)
    {
        if (typeInfo.ElementType is not { } elementType)
        {
            return Serialized(value, typeInfo);
        }

        var elementInfo = typeInfo.Options.GetTypeInfo(elementType);
        var items = new List<TemplateValue>();
        foreach (var item in value)
        {
            items.Add(From(item, elementInfo));
        }

        return TemplateValue.FromList(items);
    }

    private static TemplateValue Scalar(object? value, JsonTypeInfo typeInfo) => value switch
    {
        null => TemplateValue.Null,
        string s => TemplateValue.FromString(s),
        bool b => TemplateValue.FromBool(b),
        int or long or short or sbyte or byte or ushort or uint or ulong => TemplateValue.FromNumberText(Convert.ToString(value, CultureInfo.InvariantCulture)!),
        double d => TemplateValue.FromNumber(d),
        float f => TemplateValue.FromNumber(f),
        _ => Serialized(value, typeInfo),
    };

    // Anything with a converter of its own (enums as strings, custom shapes): the JSON it writes, as Go would decode it.
    private static TemplateValue Serialized(object value, JsonTypeInfo typeInfo) =>
        TemplateValue.FromJson(JsonSerializer.SerializeToElement(value, typeInfo));

    /// <summary>Go's time.Time String() of an RFC 3339 timestamp: "2026-12-05 09:44:45.659219403 +0000 UTC".</summary>
    internal static TemplateValue GoTime(string rfc3339)
    {
        var json = "\"" + JsonEncodedText.Encode(rfc3339, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString() + "\"";
        var t = rfc3339.IndexOf('T', StringComparison.Ordinal);
        if (t != 10)
        {
            return TemplateValue.FromFormatted(rfc3339, json);
        }

        var zoneAt = rfc3339.EndsWith('Z') ? rfc3339.Length - 1 : Math.Max(rfc3339.LastIndexOf('+'), rfc3339.LastIndexOf('-'));
        if (zoneAt <= t)
        {
            return TemplateValue.FromFormatted(rfc3339, json);
        }

        var clock = rfc3339[(t + 1)..zoneAt];
        if (clock.Contains('.', StringComparison.Ordinal))
        {
            clock = clock.TrimEnd('0').TrimEnd('.');
        }

        var zone = rfc3339[zoneAt..] switch
        {
            "Z" or "+00:00" => "+0000 UTC",
            var offset => offset.Replace(":", "", StringComparison.Ordinal) + " " + offset.Replace(":", "", StringComparison.Ordinal),
        };
        return TemplateValue.FromFormatted($"{rfc3339[..t]} {clock} {zone}", json);
    }
}
