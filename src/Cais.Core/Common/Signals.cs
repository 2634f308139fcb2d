using System.Globalization;

namespace Cais.Common;

/// <summary>Signal names and numbers as docker kill/stop accept them ("KILL", "SIGKILL", "9").</summary>
public static class Signals
{
    private static readonly Dictionary<string, int> s_byName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HUP"] = 1, ["INT"] = 2, ["QUIT"] = 3, ["ILL"] = 4, ["TRAP"] = 5, ["ABRT"] = 6, ["IOT"] = 6, ["BUS"] = 7,
        ["FPE"] = 8, ["KILL"] = 9, ["USR1"] = 10, ["SEGV"] = 11, ["USR2"] = 12, ["PIPE"] = 13, ["ALRM"] = 14,
        ["TERM"] = 15, ["STKFLT"] = 16, ["CHLD"] = 17, ["CONT"] = 18, ["STOP"] = 19, ["TSTP"] = 20, ["TTIN"] = 21,
        ["TTOU"] = 22, ["URG"] = 23, ["XCPU"] = 24, ["XFSZ"] = 25, ["VTALRM"] = 26, ["PROF"] = 27, ["WINCH"] = 28,
        ["IO"] = 29, ["POLL"] = 29, ["PWR"] = 30, ["SYS"] = 31,
    };

    public const int SigKill = 9;
    public const int SigTerm = 15;

    public static int Parse(string text)
    {
        var value = text.Trim();
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and <= 64)
        {
            return number;
        }

        if (value.StartsWith("SIG", StringComparison.OrdinalIgnoreCase))
        {
            value = value[3..];
        }

        if (value.StartsWith("RTMIN+", StringComparison.OrdinalIgnoreCase) &&
            int.TryParse(value.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var plus) && 34 + plus <= 64)
        {
            return 34 + plus;
        }

        return s_byName.TryGetValue(value, out var signal)
            ? signal
            : throw EngineException.Invalid($"invalid signal: {text}");
    }
}
