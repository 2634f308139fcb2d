using System.Text.Encodings.Web;
using System.Text.Json;

namespace Cais.Cli.Rendering;

/// <summary>
/// The API's documents as the CLI prints them: serialized with the wire types' own JSON (so <c>--format</c> sees exactly
/// what the API returns), indented as Docker's CLI indents them.
/// </summary>
public static class WireJson
{
    private static readonly JsonWriterOptions s_indented = new() { Indented = true, IndentSize = 4, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Docker's inspect layout: a JSON array indented by four spaces.</summary>
    public static string IndentedArray(IEnumerable<JsonElement> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_indented))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                item.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
