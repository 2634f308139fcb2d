using System.Text.Json;

namespace Cais.Runtime;

/// <summary>
/// Deletes runc's state of a container whose init process is gone without spawning <c>runc delete</c>, which costs
/// tens of milliseconds on every <c>run --rm</c>. For a stopped container runc's delete only removes the cgroup
/// directories named in its state.json and the state directory (Cais sets no poststop hooks). Anything unexpected
/// (a live init, a cgroup that still holds processes) returns false and the caller falls back to runc itself.
/// </summary>
internal static class RuncStateCleaner
{
    public static bool TryDeleteStopped(string stateDir)
    {
        var statePath = Path.Combine(stateDir, "state.json");
        if (!File.Exists(statePath))
        {
            return false;
        }

        List<string> cgroups = [];
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(statePath));
            var root = document.RootElement;
            var pid = root.GetProperty("init_process_pid").GetInt32();
            var start = root.GetProperty("init_process_start").GetUInt64();
            if (InitStillRuns(pid, start))
            {
                return false;
            }

            if (root.TryGetProperty("cgroup_paths", out var paths) && paths.ValueKind == JsonValueKind.Object)
            {
                cgroups.AddRange(paths.EnumerateObject().Select(p => p.Value.GetString()).OfType<string>().Where(p => p.StartsWith("/sys/fs/cgroup/", StringComparison.Ordinal)));
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IOException)
        {
            return false;
        }

        foreach (var cgroup in cgroups.Distinct())
        {
            try
            {
                // rmdir: succeeds only on a cgroup with no processes left, which is exactly the condition we need.
                Directory.Delete(cgroup, recursive: false);
            }
            catch (DirectoryNotFoundException)
            {
            }
            catch (IOException)
            {
                return false;
            }
        }

        Directory.Delete(stateDir, recursive: true);
        return true;
    }

    /// <summary>Whether the pid still names the container's init (same start time, not a zombie).</summary>
    private static bool InitStillRuns(int pid, ulong startTime) => Linux.ProcessStartTime.Of(pid) == startTime;
}
