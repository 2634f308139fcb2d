using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Cais.Cli.Rendering;

/// <summary>One object to inspect: its API JSON, and the typed Go-like value a <c>--format</c> template runs on first.</summary>
public sealed class InspectDocument
{
    private readonly Func<TemplateValue> _typed;

    private InspectDocument(JsonElement raw, Func<TemplateValue> typed)
    {
        Raw = raw;
        _typed = typed;
    }

    public JsonElement Raw { get; }

    public TemplateValue Typed => _typed();

    /// <summary>A wire object with its source-generated metadata (structs, maps and nil values as Docker's Go types have them).</summary>
    public static InspectDocument Of<T>(T value, JsonTypeInfo<T> typeInfo) =>
        new(JsonSerializer.SerializeToElement(value, typeInfo), () => WireTemplateValue.From(value, typeInfo));

    /// <summary>A document known only as JSON: templates see Go's decoded maps.</summary>
    public static InspectDocument OfJson(JsonElement raw) => new(raw, () => TemplateValue.FromJson(raw));
}
