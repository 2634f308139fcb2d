using System.Globalization;

namespace Cais.Common;

/// <summary>
/// The instant an "until" filter names, read as Docker reads it: a duration back from now ("24h", "1h30m"), Unix
/// seconds ("1700000000", "1700000000.5"), or a date and time (RFC 3339, or without zone as local time, or a date).
/// </summary>
public static class FilterTime
{
    private static readonly string[] s_formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HHK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH", "yyyy-MM-dd",
    ];

    public static DateTimeOffset Parse(string value, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (TryParseDuration(value, out var ago))
        {
            return now - ago;
        }

        if (value.Length > 0 && value.All(c => char.IsAsciiDigit(c) || c == '.') && value.Count(c => c == '.') <= 1
            && decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        }

        if (DateTimeOffset.TryParseExact(value, s_formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var when))
        {
            return when;
        }

        throw EngineException.Invalid($"failed to parse value as time or duration: \"{value}\"");
    }

    /// <summary>Go's duration syntax: an optional sign, then numbers with units (ns, us, µs, ms, s, m, h).</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = TimeSpan.Zero;
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        if (text[i..] == "0")
        {
            return true;
        }

        if (i >= text.Length)
        {
            return false;
        }

        decimal ticks = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i == start || !decimal.TryParse(text[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }

            decimal? unit = text[unitStart..i] switch
            {
                "ns" => 0.01m,
                "us" or "µs" or "μs" => 10m,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => null,
            };
            if (unit is null)
            {
                return false;
            }

            ticks += number * unit.Value;
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }
        }

        duration = TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
        return true;
    }
}
