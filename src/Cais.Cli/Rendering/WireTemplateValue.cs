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

    // JSON names whose field in Docker's Go types is spelled otherwise ("Id" is ID): a template must use the Go name on the
    // typed pass, and the JSON name works only through inspect's raw fallback, as with docker.
    private static readonly Dictionary<string, string> s_goNames = new(StringComparer.Ordinal)
    {
        ["Id"] = "ID", ["Dns"] = "DNS", ["DnsOptions"] = "DNSOptions", ["DnsSearch"] = "DNSSearch",
        ["CpuShares"] = "CPUShares", ["CpuPeriod"] = "CPUPeriod", ["CpuQuota"] = "CPUQuota", ["CpuCount"] = "CPUCount",
        ["CpuPercent"] = "CPUPercent", ["CpuRealtimePeriod"] = "CPURealtimePeriod", ["CpuRealtimeRuntime"] = "CPURealtimeRuntime",
        ["NanoCpus"] = "NanoCPUs",
    };

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
        var jsonNames = new List<string?>(typeInfo.Properties.Count);
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
            fields.Add(KeyValuePair.Create(s_goNames.GetValueOrDefault(property.Name, property.Name), field));
            // A property the serializer leaves out (JsonIgnore WhenWritingNull/Default: Go's omitempty) is left out of json too.
            jsonNames.Add(property.ShouldSerialize is { } serialize && !serialize(value, fieldValue) ? null : property.Name);
        }

        return TemplateValue.FromStruct(typeInfo.Type.Name, fields, jsonNames);
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

        return TemplateValue.FromMap(entries, Zero(elementInfo));
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

    private static TemplateValue Zero(JsonTypeInfo typeInfo) => typeInfo.Kind switch
    {
        JsonTypeInfoKind.Enumerable => TemplateValue.NilList,
        JsonTypeInfoKind.Dictionary => TemplateValue.NilMap,
        JsonTypeInfoKind.Object => TemplateValue.Null,
        _ when typeInfo.Type == typeof(string) => TemplateValue.FromString(""),
        _ when typeInfo.Type == typeof(bool) => TemplateValue.False,
        _ when typeInfo.Type.IsPrimitive => TemplateValue.FromNumber(0),
        _ => TemplateValue.Null,
    };

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

    private static TemplateValue GoTime(string rfc3339) => TemplateValue.FromFormatted(
        Humanize.GoTime(rfc3339), "\"" + JsonEncodedText.Encode(rfc3339, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString() + "\"");
}
