using Xunit;

namespace Cais.TestSupport;

/// <summary>
/// Prerequisite checks for integration tests. They FAIL rather than skip: a CI run that silently
/// skips the tests needing root or a tool would report green while testing nothing.
/// </summary>
public static class Requires
{
    private const string Hint = "run scripts/setup.sh (as root) to install the test prerequisites";

    /// <summary>Fails the test unless it runs as effective uid 0 and every named tool is on PATH.</summary>
    public static void Root(params string[] tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var problems = new List<string>();
        var euid = EffectiveUid();
        if (euid != 0)
        {
            problems.Add(euid is null ? "cannot determine the effective uid (no /proc/self/status)" : $"not running as root (euid {euid})");
        }

        problems.AddRange(MissingTools(tools).Select(t => $"tool \"{t}\" not found on PATH"));
        FailIf(problems);
    }

    /// <summary>Fails the test unless every named tool is on PATH (no root needed).</summary>
    public static void Tools(params string[] tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        FailIf(MissingTools(tools).Select(t => $"tool \"{t}\" not found on PATH").ToList());
    }

    /// <summary>The full path of a tool on PATH, or null.</summary>
    public static string? FindTool(string tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        if (tool.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(tool) ? tool : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH");
        var dirs = string.IsNullOrEmpty(path) ? ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"] : path.Split(':');
        foreach (var dir in dirs)
        {
            if (dir.Length == 0)
            {
                continue;
            }

            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The effective uid from /proc (TestSupport has no P/Invoke by rule), or null when unknown.</summary>
    public static int? EffectiveUid()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    var fields = line[4..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    return fields.Length >= 2 && int.TryParse(fields[1], out var euid) ? euid : null;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    private static IEnumerable<string> MissingTools(string[] tools) => tools.Where(t => FindTool(t) is null);

    private static void FailIf(List<string> problems)
    {
        if (problems.Count > 0)
        {
            Assert.Fail($"test prerequisites missing: {string.Join("; ", problems)}. {Hint}");
        }
    }
}
