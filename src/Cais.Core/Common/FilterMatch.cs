using System.Text.RegularExpressions;
using Cais.Api;

namespace Cais.Common;

/// <summary>
/// The matching rules Docker's filters share: values of one key are alternatives, keys must all hold, labels must all
/// hold, and a "pattern" value matches exactly or as an unanchored regular expression.
/// </summary>
public static class FilterMatch
{
    /// <summary>Refuses a key outside <paramref name="accepted"/>, in Docker's words.</summary>
    public static void RefuseUnknownKeys(FilterArgs filters, IReadOnlyCollection<string> accepted)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(accepted);
        foreach (var key in filters.Keys)
        {
            if (!accepted.Contains(key))
            {
                throw EngineException.Invalid($"invalid filter '{key}'");
            }
        }
    }

    /// <summary>True when the key is not given, or when one of its values matches.</summary>
    public static bool AnyValue(FilterArgs filters, string key, Func<string, bool> match)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(match);
        var values = filters.Get(key);
        return values.Count == 0 || values.Any(match);
    }

    /// <summary>
    /// Docker's label rule: EVERY value given (KEY or KEY=VALUE) must hold; unlike other keys, label values narrow
    /// together. "KEY!=VALUE" is not an operator here: it reads as the key "KEY!", which no object has.
    /// </summary>
    public static bool Labels(FilterArgs filters, string key, IReadOnlyDictionary<string, string>? labels)
    {
        ArgumentNullException.ThrowIfNull(filters);
        return filters.Get(key).All(value => HasLabel(labels, value));
    }

    /// <summary>Whether <paramref name="labels"/> has KEY, or KEY with VALUE, as "KEY[=VALUE]" asks.</summary>
    public static bool HasLabel(IReadOnlyDictionary<string, string>? labels, string wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        var eq = wanted.IndexOf('=', StringComparison.Ordinal);
        var key = eq < 0 ? wanted : wanted[..eq];
        return labels is not null && labels.TryGetValue(key, out var actual) && (eq < 0 || actual == wanted[(eq + 1)..]);
    }

    /// <summary>
    /// Docker's "Match": the value equals the text, or, read as a regular expression, finds it somewhere in it. A value
    /// that is not a valid expression matches only exactly (Docker skips it silently).
    /// </summary>
    public static bool Pattern(string pattern, string text)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(text);
        if (pattern == text)
        {
            return true;
        }

        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// The boolean of a "dangling"-like key: null when absent; true or false when every value says the same
    /// (<paramref name="allowDigits"/>: "1" and "0" too); otherwise <paramref name="invalid"/>'s error.
    /// </summary>
    public static bool? Boolean(FilterArgs filters, string key, bool allowDigits, Func<string, EngineException> invalid)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(invalid);
        bool? result = null;
        foreach (var value in filters.Get(key))
        {
            bool parsed = value switch
            {
                "true" => true,
                "false" => false,
                "1" when allowDigits => true,
                "0" when allowDigits => false,
                _ => throw invalid(value),
            };
            result ??= parsed;
        }

        return result;
    }
}
