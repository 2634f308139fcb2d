using System.Text;

namespace Cais.Distribution;

/// <summary>
/// One challenge of a WWW-Authenticate header (RFC 7235): a scheme ("Bearer", "Basic") and its auth-params.
/// Parameter names are case-insensitive; quoted values may contain commas and backslash escapes.
/// </summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => string.Equals(Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => string.Equals(Scheme, "Basic", StringComparison.OrdinalIgnoreCase);

    public string? this[string name] => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>Parses every challenge of one header value; malformed trailing input is ignored rather than fatal.</summary>
    public static IReadOnlyList<AuthChallenge> Parse(string header)
    {
        var challenges = new List<AuthChallenge>();
        var pos = 0;
        while (true)
        {
            SkipWhitespaceAndCommas(header, ref pos);
            var scheme = ReadToken(header, ref pos);
            if (scheme.Length == 0)
            {
                break;
            }

            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                SkipWhitespace(header, ref pos);
                var start = pos;
                var name = ReadToken(header, ref pos);
                SkipWhitespace(header, ref pos);
                if (name.Length == 0 || pos >= header.Length || header[pos] != '=')
                {
                    // Not "name=": either the end, or the scheme of the next challenge.
                    pos = start;
                    break;
                }

                pos++;
                SkipWhitespace(header, ref pos);
                var value = pos < header.Length && header[pos] == '"' ? ReadQuoted(header, ref pos) : ReadToken(header, ref pos);
                parameters.TryAdd(name, value);
                SkipWhitespace(header, ref pos);
                if (pos < header.Length && header[pos] == ',')
                {
                    pos++;
                    continue;
                }

                break;
            }

            challenges.Add(new AuthChallenge(scheme, parameters));
            if (pos < header.Length && header[pos] != ',' && !char.IsWhiteSpace(header[pos]) && !IsTokenChar(header[pos]))
            {
                break;
            }
        }

        return challenges;
    }

    public static IReadOnlyList<AuthChallenge> Parse(IEnumerable<string> headers) => [.. headers.SelectMany(Parse)];

    private static void SkipWhitespace(string s, ref int pos)
    {
        while (pos < s.Length && s[pos] is ' ' or '\t')
        {
            pos++;
        }
    }

    private static void SkipWhitespaceAndCommas(string s, ref int pos)
    {
        while (pos < s.Length && s[pos] is ' ' or '\t' or ',')
        {
            pos++;
        }
    }

    private static string ReadToken(string s, ref int pos)
    {
        var start = pos;
        while (pos < s.Length && IsTokenChar(s[pos]))
        {
            pos++;
        }

        return s[start..pos];
    }

    private static string ReadQuoted(string s, ref int pos)
    {
        var builder = new StringBuilder();
        pos++; // opening quote
        while (pos < s.Length)
        {
            var c = s[pos++];
            if (c == '"')
            {
                break;
            }

            if (c == '\\' && pos < s.Length)
            {
                c = s[pos++];
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    // RFC 7230 tchar; '/' is not a tchar but appears in unquoted realm URLs some servers send, so accept it too.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~' or '/' or ':';
}
