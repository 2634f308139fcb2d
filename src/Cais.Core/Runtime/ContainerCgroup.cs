using System.Globalization;
using Cais.Common;
using Cais.Linux;

namespace Cais.Runtime;

/// <summary>
/// A container's cgroup (runc's cgroupsPath, "/cais/ID") in every hierarchy: on cgroup v2 /sys/fs/cgroup/cais/ID, on
/// v1 /sys/fs/cgroup/CONTROLLER/cais/ID. It names every process of the container even when runc's state was lost,
/// so it is how Cais still signals, kills and removes such a container.
/// </summary>
public static class ContainerCgroup
{
    private const string Root = "/sys/fs/cgroup";

    /// <summary>The cgroup's directories that exist now.</summary>
    public static IReadOnlyList<string> Directories(string cgroupPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(cgroupPath);
        var relative = cgroupPath.TrimStart('/');
        List<string> found = [];
        try
        {
            // v2 (and the v1 hierarchies' roots), one readdir: the hierarchies are the directories under the root.
            foreach (var hierarchy in Directory.EnumerateDirectories(Root).Prepend(Root))
            {
                var path = Path.Combine(hierarchy, relative);
                if (Directory.Exists(path))
                {
                    found.Add(path);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return found;
    }

    /// <summary>
    /// Sends the signal as <c>runc kill</c> would: to every process in the cgroup with <paramref name="all"/>, else to
    /// the container's init only, and only while the cgroup holds it (a pid outside is not the container's any more).
    /// Returns how many processes were signalled.
    /// </summary>
    public static int Signal(string cgroupPath, int initPid, int signal, bool all)
    {
        var pids = Processes(Directories(cgroupPath));
        if (!all)
        {
            pids = pids.Contains(initPid) ? [initPid] : [];
        }

        foreach (var pid in pids)
        {
            NativeProcess.Kill(pid, signal);
        }

        return pids.Count;
    }

    /// <summary>
    /// Kills what is left in the cgroup and removes its directories. Nothing to do (the usual case: runc removed it)
    /// costs one readdir of /sys/fs/cgroup and a stat per hierarchy.
    /// </summary>
    public static async Task RemoveAsync(string cgroupPath, CancellationToken cancellationToken)
    {
        var directories = Directories(cgroupPath);
        if (directories.Count == 0)
        {
            return;
        }

        // Killed processes leave their cgroup only when they are gone; a fork racing the kill is caught next round.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            foreach (var pid in Processes(directories))
            {
                NativeProcess.Kill(pid, Signals.SigKill);
            }

            if (directories.All(TryRemove) || DateTime.UtcNow > deadline)
            {
                return;
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    private static List<int> Processes(IReadOnlyList<string> directories)
    {
        var pids = new HashSet<int>();
        foreach (var directory in directories)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(directory, "cgroup.procs"));
            }
            catch (IOException)
            {
                continue;
            }

            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0)
                {
                    pids.Add(pid);
                }
            }
        }

        return [.. pids];
    }

    /// <summary>rmdir: only an empty cgroup (no processes, no children) can go, which is the condition wanted.</summary>
    private static bool TryRemove(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: false);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
