using System.Globalization;
using System.Text;

namespace Cais.Cli.Rendering;

/// <summary>
/// Go's <c>strconv.Quote</c>, which the docker CLI applies to the COMMAND column: a double-quoted string with
/// <c>\"</c>, <c>\\</c>, the C escapes (<c>\t</c>, <c>\n</c>, …) and <c>\xNN</c>/<c>\uNNNN</c> for other
/// unprintable characters; printable Unicode stays as it is.
/// </summary>
public static class GoQuote
{
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\v': sb.Append("\\v"); break;
                case < 0x20 or 0x7f:
                    sb.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned
                        or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
                    {
                        sb.Append(rune.Value > 0xffff ? "\\U" + rune.Value.ToString("x8", CultureInfo.InvariantCulture) : "\\u" + rune.Value.ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(rune.ToString());
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>The docker CLI's truncation of a column: at most <paramref name="width"/> characters, the last one "…".</summary>
    public static string Ellipsis(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        var runes = text.EnumerateRunes().ToList();
        return runes.Count <= width ? text : string.Concat(runes.Take(width - 1).Select(r => r.ToString())) + "…";
    }
}
