using System.Globalization;

namespace Cais.Common;

/// <summary>Times as Docker's documents write them: Go's RFC3339Nano.</summary>
public static class GoTime
{
    /// <summary>Go's zero time, which Docker writes for a time never set.</summary>
    public const string Zero = "0001-01-01T00:00:00Z";

    /// <summary>Trailing zeros of the fraction dropped, UTC; an unset time is Go's zero time.</summary>
    public static string Format(DateTimeOffset? time)
    {
        if (time is null)
        {
            return Zero;
        }

        var text = time.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text + "Z";
    }
}
