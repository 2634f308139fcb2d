namespace Cais.Common;

/// <summary>The KEY=VALUE form every <c>--filter</c> takes, with Docker's error for anything else.</summary>
public static class FilterSyntax
{
    /// <summary>The lower-cased, trimmed key and the value as given (which may itself contain '=').</summary>
    public static (string Key, string Value) Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw EngineException.Invalid("bad format of filter (expected name=value)");
        }

        return (text[..eq].Trim().ToLowerInvariant(), text[(eq + 1)..]);
    }
}
