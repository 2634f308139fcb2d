namespace Cais.Common;

/// <summary>
/// Shell-style patterns as Docker matches image references with them: '*' is any run of characters but '/', '?' one
/// character but '/', "[a-z]" and "[^a-z]" a class, '\' quotes the next character. A malformed pattern is an error in
/// Docker's words, whatever the text.
/// </summary>
public static class GlobPattern
{
    public static bool IsMatch(string pattern, string text)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(text);
        Check(pattern);
        return Match(pattern, 0, text, 0);
    }

    private static EngineException SyntaxError() => EngineException.Invalid("syntax error in pattern");

    /// <summary>Refuses an unterminated class or a trailing '\' even where matching would stop before reaching it.</summary>
    private static void Check(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                if (++i >= pattern.Length)
                {
                    throw SyntaxError();
                }
            }
            else if (pattern[i] == '[')
            {
                _ = MatchClass(pattern, i, 'a', out var end);
                i = end - 1;
            }
        }
    }

    private static bool Match(string pattern, int p, string text, int t)
    {
        while (p < pattern.Length)
        {
            switch (pattern[p])
            {
                case '*':
                    while (p < pattern.Length && pattern[p] == '*')
                    {
                        p++;
                    }

                    for (var k = t; ; k++)
                    {
                        if (Match(pattern, p, text, k))
                        {
                            return true;
                        }

                        if (k >= text.Length || text[k] == '/')
                        {
                            return false;
                        }
                    }

                case '?':
                    if (t >= text.Length || text[t] == '/')
                    {
                        return false;
                    }

                    p++;
                    t++;
                    break;
                case '[':
                    if (t >= text.Length || !MatchClass(pattern, p, text[t], out p))
                    {
                        return false;
                    }

                    t++;
                    break;
                case '\\':
                    if (t >= text.Length || text[t] != pattern[p + 1])
                    {
                        return false;
                    }

                    p += 2;
                    t++;
                    break;
                default:
                    if (t >= text.Length || text[t] != pattern[p])
                    {
                        return false;
                    }

                    p++;
                    t++;
                    break;
            }
        }

        return t == text.Length;
    }

    /// <summary>Whether <paramref name="c"/> is in the class opening at <paramref name="start"/>; <paramref name="end"/> is just past its ']'.</summary>
    private static bool MatchClass(string pattern, int start, char c, out int end)
    {
        var i = start + 1;
        var negated = i < pattern.Length && pattern[i] == '^';
        if (negated)
        {
            i++;
        }

        var matched = false;
        var first = true;
        while (true)
        {
            if (i >= pattern.Length)
            {
                throw SyntaxError();
            }

            if (pattern[i] == ']' && !first)
            {
                end = i + 1;
                return matched != negated;
            }

            first = false;
            var lo = ClassChar(pattern, ref i);
            var hi = lo;
            if (i < pattern.Length && pattern[i] == '-')
            {
                i++;
                hi = ClassChar(pattern, ref i);
            }

            matched |= lo <= c && c <= hi;
        }
    }

    private static char ClassChar(string pattern, ref int i)
    {
        if (i >= pattern.Length || pattern[i] is '-' or ']')
        {
            throw SyntaxError();
        }

        if (pattern[i] == '\\' && ++i >= pattern.Length)
        {
            throw SyntaxError();
        }

        return pattern[i++];
    }
}
