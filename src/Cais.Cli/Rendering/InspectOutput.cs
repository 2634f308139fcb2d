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

    public Task WriteAsync(TextWriter output, IReadOnlyList<JsonElement> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return WriteAsync(output, documents.Select(InspectDocument.OfJson).ToList());
    }

    /// <summary>
    /// Prints the documents. A template runs on the typed value first and, where that fails (a field Go's types lack, a nil
    /// pointer), on the JSON decoded into maps with missingkey=error, as the docker CLI does; if that fails too, what was
    /// rendered so far (or an empty line) is printed and the error is raised with docker's "template parsing error: " text.
    /// </summary>
    public async Task WriteAsync(TextWriter output, IReadOnlyList<InspectDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(documents);
        if (_template is null)
        {
            await output.WriteLineAsync(IndentedArray(documents.Select(d => d.Raw))).ConfigureAwait(false);
            return;
        }

        var rendered = new System.Text.StringBuilder();
        foreach (var document in documents)
        {
            try
            {
                rendered.Append(Render(_template, document)).Append('\n');
            }
            catch (TemplateException)
            {
                await output.WriteAsync(rendered.Length == 0 ? "\n" : rendered.ToString()).ConfigureAwait(false);
                throw;
            }
        }

        await output.WriteAsync(rendered.Length == 0 ? "\n" : rendered.ToString()).ConfigureAwait(false);
    }

    private static string Render(GoTemplate template, InspectDocument document)
    {
        try
        {
            return template.Execute(document.Typed);
        }
        catch (TemplateException)
        {
            try
            {
                return template.ExecuteStrict(TemplateValue.FromJson(document.Raw));
            }
            catch (TemplateException raw)
            {
                throw new TemplateException("template parsing error: " + raw.Message, raw);
            }
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
