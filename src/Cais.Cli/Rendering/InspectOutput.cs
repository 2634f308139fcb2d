using System.Text.Encodings.Web;
using System.Text.Json;

namespace Cais.Cli.Rendering;

/// <summary>
/// What every <c>inspect</c> prints: the API's documents (serialized with the wire types' own JSON, so <c>--format</c>
/// sees exactly what the API returns) as one JSON array indented as Docker's CLI indents it, or a template per document.
/// </summary>
public sealed class InspectOutput
{
    private static readonly JsonWriterOptions s_indented = new() { Indented = true, IndentSize = 4, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly GoTemplate? _template;

    private InspectOutput(GoTemplate? template) => _template = template;

    /// <summary>"" or "json" for the JSON array, anything else a Go template (parsed now, so errors come before any lookup).</summary>
    public static InspectOutput Parse(string? format) =>
        new(string.IsNullOrEmpty(format) || format == "json" ? null : GoTemplate.Parse(format));

    public async Task WriteAsync(TextWriter output, IReadOnlyList<JsonElement> documents)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(documents);
        if (_template is null)
        {
            await output.WriteLineAsync(IndentedArray(documents)).ConfigureAwait(false);
            return;
        }

        foreach (var document in documents)
        {
            await output.WriteLineAsync(_template.Execute(TemplateValue.FromJson(document))).ConfigureAwait(false);
        }
    }

    /// <summary>Docker's inspect layout: a JSON array indented by four spaces.</summary>
    public static string IndentedArray(IEnumerable<JsonElement> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_indented))
        {
            writer.WriteStartArray();
            foreach (var document in documents)
            {
                document.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
