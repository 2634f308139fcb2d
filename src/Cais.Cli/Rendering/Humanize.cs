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
}
