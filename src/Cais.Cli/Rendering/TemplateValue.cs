using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cais.Cli.Rendering;

/// <summary>
/// Data a <see cref="GoTemplate"/> evaluates against, modelled on the Go values Docker's templates see: structs (strict
/// fields, printed <c>{a b}</c>), maps (lenient keys, printed <c>map[k:v]</c>), slices, nil pointers, scalars and row
/// methods. NativeAOT rules out reflection, so values come from builders, from JSON (<see cref="FromJson(JsonElement)"/>:
/// what Go decodes into maps) or from the wire types' source-generated metadata (<see cref="WireTemplateValue"/>).
/// </summary>
public sealed class TemplateValue
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string? _text;
    private readonly IReadOnlyList<TemplateValue>? _items;
    private readonly List<KeyValuePair<string, TemplateValue>>? _properties;
    private readonly Dictionary<string, TemplateValue>? _index;
    private readonly Func<IReadOnlyList<TemplateValue>, TemplateValue>? _method;
    private readonly string? _jsonText;
    private readonly IReadOnlyList<string?>? _jsonNames;
    private readonly TemplateValue? _zeroElement;

    private TemplateValue(
        TemplateValueKind kind,
        string? text = null,
        IReadOnlyList<TemplateValue>? items = null,
        List<KeyValuePair<string, TemplateValue>>? properties = null,
        string? typeName = null,
        bool isNil = false,
        Func<IReadOnlyList<TemplateValue>, TemplateValue>? method = null,
        int arity = 0,
        string? jsonText = null,
        IReadOnlyList<string?>? jsonNames = null,
        TemplateValue? zeroElement = null)
    {
        _zeroElement = zeroElement;
        _jsonNames = jsonNames;
        Kind = kind;
        _text = text;
        _items = items;
        _properties = properties;
        TypeName = typeName ?? DefaultTypeName(kind);
        IsNil = isNil;
        _method = method;
        Arity = arity;
        _jsonText = jsonText;
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

    /// <summary>A nil interface{} (JSON null decoded by Go): an action printing it shows "&lt;no value&gt;", as Go's templates do.</summary>
    public static TemplateValue NilInterface { get; } = new(TemplateValueKind.Null, typeName: "interface {}");

    /// <summary>What an action prints: Go's %v, except that a nil interface shows "&lt;no value&gt;".</summary>
    public string ActionText => Kind == TemplateValueKind.Null && ReferenceEquals(this, NilInterface) ? "<no value>" : ToString();

    public static TemplateValue True { get; } = new(TemplateValueKind.Bool, "true");

    public static TemplateValue False { get; } = new(TemplateValueKind.Bool, "false");

    public TemplateValueKind Kind { get; }

    /// <summary>The Go type named in execution errors, e.g. <c>*formatter.ContainerContext</c>.</summary>
    public string TypeName { get; }

    /// <summary>A nil slice or map: prints as an empty one (<c>[]</c>, <c>map[]</c>) but is JSON null.</summary>
    public bool IsNil { get; }

    /// <summary>How many arguments a <see cref="TemplateValueKind.Method"/> takes.</summary>
    public int Arity { get; }

    /// <summary>Text of a string, number (as written) or bool.</summary>
    public string Text => _text ?? string.Empty;

    public IReadOnlyList<TemplateValue> Items => _items ?? [];

    public IReadOnlyList<KeyValuePair<string, TemplateValue>> Properties => _properties ?? [];

    public static TemplateValue FromString(string? text) => text is null ? Null : new(TemplateValueKind.String, text);

    /// <summary>A string that prints as <paramref name="text"/> but is <paramref name="json"/> in JSON (Go's time.Time).</summary>
    public static TemplateValue FromFormatted(string text, string json) => new(TemplateValueKind.String, text, jsonText: json);

    public static TemplateValue FromNumber(long value) => new(TemplateValueKind.Number, value.ToString(CultureInfo.InvariantCulture));

    public static TemplateValue FromNumber(double value) => new(TemplateValueKind.Number, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>A number kept exactly as written (e.g. from JSON), so big integers print unchanged.</summary>
    public static TemplateValue FromNumberText(string text) => new(TemplateValueKind.Number, text);

    public static TemplateValue FromBool(bool value) => value ? True : False;

    public static TemplateValue FromList(IEnumerable<TemplateValue> items) => new(TemplateValueKind.List, items: items.ToList());

    /// <summary>A nil Go slice: prints "[]", ranges over nothing, JSON null.</summary>
    public static TemplateValue NilList { get; } = new(TemplateValueKind.List, items: [], isNil: true);

    /// <summary>A nil Go map: prints "map[]", JSON null.</summary>
    public static TemplateValue NilMap { get; } = new(TemplateValueKind.Map, properties: [], isNil: true);

    public static TemplateValue FromStrings(IEnumerable<string> items) => FromList(items.Select(FromString));

    /// <summary>A Go map (a missing key is "&lt;no value&gt;").</summary>
    public static TemplateValue FromObject(IEnumerable<KeyValuePair<string, TemplateValue>> properties) =>
        new(TemplateValueKind.Map, properties: properties.ToList());

    /// <summary>A typed Go map: <c>index</c> of a missing key gives <paramref name="zeroElement"/> (Go's zero value of the element type).</summary>
    public static TemplateValue FromMap(IEnumerable<KeyValuePair<string, TemplateValue>> entries, TemplateValue zeroElement) =>
        new(TemplateValueKind.Map, properties: entries.ToList(), zeroElement: zeroElement);

    /// <summary>What <c>index</c> gives for a key a map lacks: the element type's zero value, or "&lt;no value&gt;" for interface{} maps.</summary>
    public TemplateValue ZeroElement => _zeroElement ?? NoValue;

    public static TemplateValue FromObject(params (string Key, TemplateValue Value)[] properties) =>
        FromObject(properties.Select(p => KeyValuePair.Create(p.Key, p.Value)));

    /// <summary>A Go struct of type <paramref name="typeName"/>: fields in declaration order; a missing one fails.</summary>
    public static TemplateValue FromStruct(string typeName, IEnumerable<KeyValuePair<string, TemplateValue>> fields) =>
        new(TemplateValueKind.Struct, properties: fields.ToList(), typeName: typeName);

    /// <summary>
    /// A struct whose Go field names (what templates use) differ from its JSON names (what <c>json</c> writes). A null
    /// JSON name leaves the field out of <c>json</c>'s output (Go's omitempty) while templates still see it.
    /// </summary>
    public static TemplateValue FromStruct(string typeName, IReadOnlyList<KeyValuePair<string, TemplateValue>> fields, IReadOnlyList<string?> jsonNames) =>
        new(TemplateValueKind.Struct, properties: fields.ToList(), typeName: typeName, jsonNames: jsonNames);

    public static TemplateValue FromStruct(string typeName, params (string Key, TemplateValue Value)[] fields) =>
        FromStruct(typeName, fields.Select(p => KeyValuePair.Create(p.Key, p.Value)));

    /// <summary>A row method taking <paramref name="arity"/> arguments (<c>{{.Label "key"}}</c>); left out of <c>json</c>.</summary>
    public static TemplateValue Method(int arity, Func<IReadOnlyList<TemplateValue>, TemplateValue> invoke) =>
        new(TemplateValueKind.Method, method: invoke, arity: arity);

    public static implicit operator TemplateValue(string? text) => FromString(text);

    public static implicit operator TemplateValue(long value) => FromNumber(value);

    public static implicit operator TemplateValue(bool value) => FromBool(value);

    /// <summary>Calls a <see cref="TemplateValueKind.Method"/> value; the caller has checked the arity.</summary>
    public TemplateValue Invoke(IReadOnlyList<TemplateValue> args) =>
        _method is null ? throw new InvalidOperationException("not a method") : _method(args);

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

    /// <summary>Go template truthiness: false, 0, nil and empty strings/lists/maps are false; structs are true.</summary>
    public bool IsTruthy => Kind switch
    {
        TemplateValueKind.Null or TemplateValueKind.NoValue => false,
        TemplateValueKind.String => Text.Length > 0,
        TemplateValueKind.Bool => Text == "true",
        TemplateValueKind.Number => !double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || d != 0,
        TemplateValueKind.List => Items.Count > 0,
        TemplateValueKind.Map => Properties.Count > 0,
        _ => true,
    };

    /// <summary>What Go's encoding/json decodes a document into (maps and json.Number): docker inspect's raw fallback.</summary>
    public static TemplateValue FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => FromObject(element.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, FromJson(p.Value)))),
        JsonValueKind.Array => FromList(element.EnumerateArray().Select(FromJson)),
        JsonValueKind.String => FromString(element.GetString()),
        JsonValueKind.Number => FromNumberText(element.GetRawText()),
        JsonValueKind.True => True,
        JsonValueKind.False => False,
        _ => NilInterface,
    };

    public static TemplateValue FromJson(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return NilInterface;
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
                    _ => NilInterface,
                };
        }
    }

    /// <summary>
    /// Compact JSON as docker's template "json" function writes it (Go's json.Marshal): struct fields in order, map keys
    /// sorted, nil slices and maps as null, and &lt; &gt; &amp; escaped as Go escapes them.
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            WriteJson(writer);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length)
            .Replace("<", "\\u003c", StringComparison.Ordinal)
            .Replace(">", "\\u003e", StringComparison.Ordinal)
            .Replace("&", "\\u0026", StringComparison.Ordinal);
    }

    /// <summary>Go's fmt %v rendering, which is what a template action prints.</summary>
    public override string ToString() => Kind switch
    {
        TemplateValueKind.Null => "<nil>",
        TemplateValueKind.NoValue => "<no value>",
        TemplateValueKind.List => "[" + string.Join(' ', Items.Select(i => i.ToString())) + "]",
        TemplateValueKind.Map => "map[" + string.Join(' ', Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + p.Value)) + "]",
        TemplateValueKind.Struct => "{" + string.Join(' ', Properties.Where(p => p.Value.Kind != TemplateValueKind.Method).Select(p => p.Value.ToString())) + "}",
        TemplateValueKind.Method => "<method>",
        _ => Text,
    };

    private static string DefaultTypeName(TemplateValueKind kind) => kind switch
    {
        TemplateValueKind.String => "string",
        TemplateValueKind.Number => "float64",
        TemplateValueKind.Bool => "bool",
        TemplateValueKind.List => "[]interface {}",
        TemplateValueKind.Map => "map[string]interface {}",
        TemplateValueKind.Struct => "struct",
        _ => "interface {}",
    };

    private void WriteJson(Utf8JsonWriter writer)
    {
        if (_jsonText is not null)
        {
            writer.WriteRawValue(_jsonText, skipInputValidation: false);
            return;
        }

        if (IsNil)
        {
            writer.WriteNullValue();
            return;
        }

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
            case TemplateValueKind.Map or TemplateValueKind.Struct:
                writer.WriteStartObject();
                var properties = Kind == TemplateValueKind.Map ? Properties.OrderBy(p => p.Key, StringComparer.Ordinal).ToList() : Properties;
                for (var i = 0; i < properties.Count; i++)
                {
                    var (key, value) = properties[i];
                    var jsonName = _jsonNames is null ? key : _jsonNames[i];
                    if (value.Kind != TemplateValueKind.Method && jsonName is not null)
                    {
                        writer.WritePropertyName(jsonName);
                        value.WriteJson(writer);
                    }
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
