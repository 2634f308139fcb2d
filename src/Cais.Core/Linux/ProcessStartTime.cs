using System.Globalization;

namespace Cais.Linux;

/// <summary>
/// Tells a process apart from a later one that got the same pid: a pid is only unique together with the process' start
/// time (field 22 of /proc/PID/stat, in clock ticks since boot) and the boot it belongs to (the kernel's boot ID).
/// </summary>
public static class ProcessStartTime
{
    private static readonly Lazy<string> s_bootId = new(() => ReadBootId());

    /// <summary>This boot's ID (/proc/sys/kernel/random/boot_id), "" when the kernel does not say.</summary>
    public static string BootId => s_bootId.Value;

    /// <summary>The start time of a live process; null when there is no such process or it is a zombie.</summary>
    public static ulong? Of(int pid)
    {
        if (pid <= 0)
        {
            return null;
        }

        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        return Parse(stat);
    }

    /// <summary>The start time in a /proc/PID/stat line, or null for a zombie or a line that is not one.</summary>
    public static ulong? Parse(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);

        // The command (field 2) is in parentheses and may itself hold spaces and ')': fields 3.. follow the last ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 >= stat.Length)
        {
            return null;
        }

        var fields = stat[(close + 2)..].Split(' ');
        return fields.Length > 19 && fields[0] != "Z"
            && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : null;
    }

    private static string ReadBootId()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }
}
