using System.Globalization;

namespace Cais.Common;

/// <summary>
/// Durations worded as Docker's go-units does: the engine's status texts ("Up 5 seconds") and the CLI's columns share
/// the wording.
/// </summary>
public static class HumanDuration
{
    /// <summary>go-units HumanDuration wording ("Less than a second", "About a minute", "3 weeks", ...).</summary>
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        if (seconds < 1)
        {
            return "Less than a second";
        }

        if (seconds == 1)
        {
            return "1 second";
        }

        if (seconds < 60)
        {
            return Invariant($"{seconds} seconds");
        }

        var minutes = (long)duration.TotalMinutes;
        if (minutes == 1)
        {
            return "About a minute";
        }

        if (minutes < 60)
        {
            return Invariant($"{minutes} minutes");
        }

        var hours = (long)(duration.TotalHours + 0.5);
        if (hours == 1)
        {
            return "About an hour";
        }

        if (hours < 48)
        {
            return Invariant($"{hours} hours");
        }

        if (hours < 24 * 7 * 2)
        {
            return Invariant($"{hours / 24} days");
        }

        if (hours < 24 * 30 * 2)
        {
            return Invariant($"{hours / 24 / 7} weeks");
        }

        if (hours < 24 * 365 * 2)
        {
            return Invariant($"{hours / 24 / 30} months");
        }

        return Invariant($"{(long)duration.TotalHours / 24 / 365} years");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
