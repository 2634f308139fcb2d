namespace Cais.TestSupport;

/// <summary>The host's processes as tests look for leftovers: pid and argv, read from /proc.</summary>
public static class ProcessTable
{
    /// <summary>Every process whose argv could be read (processes that exit while being read are skipped).</summary>
    public static IEnumerable<(int Pid, string[] Argv)> All()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            yield return (pid, cmdline.TrimEnd('\0').Split('\0'));
        }
    }

    /// <summary>Pids whose argv matches <paramref name="predicate"/>.</summary>
    public static IReadOnlyList<int> Find(Func<string[], bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return All().Where(p => predicate(p.Argv)).Select(p => p.Pid).ToList();
    }
}
