using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cais.Cli.Rendering;

/// <summary>
/// Data a <see cref="GoTemplate"/> evaluates against. NativeAOT rules out reflection over arbitrary objects, so commands build
/// this tree explicitly (or convert inspect JSON). Objects keep insertion order so that <c>{{json .}}</c> is stable.
/// </summary>
public sealed class TemplateValue
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string? _text;
    private readonly IReadOnlyList<TemplateValue>? _items;
    private readonly List<KeyValuePair<string, TemplateValue>>? _properties;
    private readonly Dictionary<string, TemplateValue>? _index;

    private TemplateValue(TemplateValueKind kind, string? text = null, IReadOnlyList<TemplateValue>? items = null, List<KeyValuePair<string, TemplateValue>>? properties = null, bool strictFields = false)
    {
        Kind = kind;
        _text = text;
        _items = items;
        _properties = properties;
        StrictFields = strictFields;
        if (properties is not null)
        {
            _index = new Dictionary<string, TemplateValue>(StringComparer.Ordinal);
            foreach (var (key, value) in properties)
            {
                _index[key] = value;
            }
        }
    }

    public static TemplateValue Null { get; } = new(TemplateValueKind.Null);

    public static TemplateValue NoValue { get; } = new(TemplateValueKind.NoValue);

    public static TemplateValue True { get; } = new(TemplateValueKind.Bool, "true");

    public static TemplateValue False { get; } = new(TemplateValueKind.Bool, "false");

    public TemplateValueKind Kind { get; }

    /// <summary>For objects that model Go structs: a missing field is an execution error instead of "&lt;no value&gt;".</summary>
    public bool StrictFields { get; }

    /// <summary>Text of a string, number (as written) or bool.</summary>
    public string Text => _text ?? string.Empty;

    public IReadOnlyList<TemplateValue> Items => _items ?? [];

    public IReadOnlyList<KeyValuePair<string, TemplateValue>> Properties => _properties ?? [];

    public static TemplateValue FromString(string? text) => text is null ? Null : new(TemplateValueKind.String, text);

    public static TemplateValue FromNumber(long value) => new(TemplateValueKind.Number, value.ToString(CultureInfo.InvariantCulture));

    public static TemplateValue FromNumber(double value) => new(TemplateValueKind.Number, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>A number kept exactly as written (e.g. from JSON), so big integers print unchanged.</summary>
    public static TemplateValue FromNumberText(string text) => new(TemplateValueKind.Number, text);

    public static TemplateValue FromBool(bool value) => value ? True : False;

    public static TemplateValue FromList(IEnumerable<TemplateValue> items) => new(TemplateValueKind.List, items: items.ToList());

    public static TemplateValue FromStrings(IEnumerable<string> items) => FromList(items.Select(FromString));

    public static TemplateValue FromObject(IEnumerable<KeyValuePair<string, TemplateValue>> properties, bool strictFields = false) =>
        new(TemplateValueKind.Object, properties: properties.ToList(), strictFields: strictFields);

    public static TemplateValue FromObject(params (string Key, TemplateValue Value)[] properties) =>
        FromObject(properties.Select(p => KeyValuePair.Create(p.Key, p.Value)));

    public static implicit operator TemplateValue(string? text) => FromString(text);

    public static implicit operator TemplateValue(long value) => FromNumber(value);

    public static implicit operator TemplateValue(bool value) => FromBool(value);

    public bool TryGetProperty(string name, out TemplateValue value)
    {
        if (_index is not null && _index.TryGetValue(name, out var found))
        {
            value = found;
            return true;
        }

        value = NoValue;
        return false;
    }

    /// <summary>Go template truthiness: false, 0, nil and empty strings/lists/maps are false.</summary>
    public bool IsTruthy => Kind switch
    {
        TemplateValueKind.Null or TemplateValueKind.NoValue => false,
        TemplateValueKind.String => Text.Length > 0,
        TemplateValueKind.Bool => Text == "true",
        TemplateValueKind.Number => !double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || d != 0,
        TemplateValueKind.List => Items.Count > 0,
        TemplateValueKind.Object => Properties.Count > 0,
        _ => false,
    };

    public static TemplateValue FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => FromObject(element.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, FromJson(p.Value)))),
        JsonValueKind.Array => FromList(element.EnumerateArray().Select(FromJson)),
        JsonValueKind.String => FromString(element.GetString()),
        JsonValueKind.Number => FromNumberText(element.GetRawText()),
        JsonValueKind.True => True,
        JsonValueKind.False => False,
        _ => Null,
    };

    public static TemplateValue FromJson(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return Null;
            case JsonObject obj:
                return FromObject(obj.Select(p => KeyValuePair.Create(p.Key, FromJson(p.Value))));
            case JsonArray array:
                return FromList(array.Select(FromJson));
            default:
                var value = node.AsValue();
                return value.GetValueKind() switch
                {
                    JsonValueKind.String => FromString(value.GetValue<string>()),
                    JsonValueKind.Number => FromNumberText(value.ToJsonString()),
                    JsonValueKind.True => True,
                    JsonValueKind.False => False,
                    _ => Null,
                };
        }
    }

    /// <summary>Compact JSON like docker's template "json" function (no HTML escaping, properties in insertion order).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            WriteJson(writer);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Go's fmt %v rendering, which is what a template action prints.</summary>
    public override string ToString() => Kind switch
    {
        TemplateValueKind.Null => "<nil>",
        TemplateValueKind.NoValue => "<no value>",
        TemplateValueKind.List => "[" + string.Join(' ', Items.Select(i => i.ToString())) + "]",
        TemplateValueKind.Object => "map[" + string.Join(' ', Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + p.Value)) + "]",
        _ => Text,
    };

    private void WriteJson(Utf8JsonWriter writer)
    {
        switch (Kind)
        {
            case TemplateValueKind.String:
                writer.WriteStringValue(Text);
                break;
            case TemplateValueKind.Number:
                writer.WriteRawValue(Text, skipInputValidation: false);
                break;
            case TemplateValueKind.Bool:
                writer.WriteBooleanValue(Text == "true");
                break;
            case TemplateValueKind.List:
                writer.WriteStartArray();
                foreach (var item in Items)
                {
                    item.WriteJson(writer);
                }

                writer.WriteEndArray();
                break;
            case TemplateValueKind.Object:
                writer.WriteStartObject();
                foreach (var (key, value) in Properties)
                {
                    writer.WritePropertyName(key);
                    value.WriteJson(writer);
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
