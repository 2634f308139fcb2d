using System.Globalization;

namespace Cais.Cli.Rendering;

/// <summary>Human-readable sizes and durations worded like docker's go-units.</summary>
public static class Humanize
{
    private static readonly string[] DecimalUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

    /// <summary>Decimal (1000-based) size with <paramref name="precision"/> significant digits, Go "%.Ng" style: "4.26MB", "512B", "1.2GB".</summary>
    public static string HumanSize(double size, int precision = 3)
    {
        var unit = 0;
        while (size >= 1000 && unit < DecimalUnits.Length - 1)
        {
            size /= 1000;
            unit++;
        }

        return FormatG(size, precision) + DecimalUnits[unit];
    }

    /// <summary>go-units HumanDuration wording ("Less than a second", "About a minute", "3 weeks", ...).</summary>
    public static string HumanDuration(TimeSpan duration) => Common.HumanDuration.Format(duration);

    /// <summary>"5 seconds ago" for CREATED columns.</summary>
    public static string Ago(DateTimeOffset time, DateTimeOffset now) => HumanDuration(now - time) + " ago";

    // Go's %.Ng: N significant digits, trailing zeros removed, exponent form when the exponent is < -4 or >= N.
    internal static string FormatG(double value, int precision)
    {
        if (value == 0)
        {
            return "0";
        }

        var scientific = value.ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var ePos = scientific.IndexOf('E', StringComparison.Ordinal);
        var exponent = int.Parse(scientific.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (exponent < -4 || exponent >= precision)
        {
            var mantissa = TrimZeros(scientific[..ePos]);
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }

        var decimals = Math.Max(0, precision - 1 - exponent);
        return TrimZeros(Math.Round(value, decimals, MidpointRounding.ToEven).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }

    private static string TrimZeros(string number) =>
        number.Contains('.', StringComparison.Ordinal) ? number.TrimEnd('0').TrimEnd('.') : number;

    /// <summary>Go's time.Time String() of an RFC 3339 timestamp, in its own offset: "2026-12-05 09:44:45.659219403 +0000 UTC".</summary>
    public static string GoTime(string rfc3339)
    {
        ArgumentNullException.ThrowIfNull(rfc3339);
        var t = rfc3339.IndexOf('T', StringComparison.Ordinal);
        var zoneAt = rfc3339.EndsWith('Z') ? rfc3339.Length - 1 : Math.Max(rfc3339.LastIndexOf('+'), rfc3339.LastIndexOf('-'));
        if (t != 10 || zoneAt <= t)
        {
            return rfc3339;
        }

        var clock = rfc3339[(t + 1)..zoneAt];
        if (clock.Contains('.', StringComparison.Ordinal))
        {
            clock = clock.TrimEnd('0').TrimEnd('.');
        }

        var offset = rfc3339[zoneAt..].Replace(":", "", StringComparison.Ordinal);
        return $"{rfc3339[..t]} {clock} {Zone(offset)}";
    }

    /// <summary>Go's time.Time String() of a whole-second time in the local zone, as docker's ps and images CREATED AT.</summary>
    public static string GoTime(DateTimeOffset time)
    {
        var local = time.ToLocalTime();
        var offset = local.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal);
        return local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + Zone(offset);
    }

    // Go names UTC; other zones keep their abbreviation, which .NET does not know, so the offset stands in for it.
    private static string Zone(string offset) => offset is "Z" or "+0000" ? "+0000 UTC" : offset + " " + offset;
}
