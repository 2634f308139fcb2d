using Cais.Common;

namespace Cais.Linux.Commands;

/// <summary>
/// Finds a program named without a path ("ip", "cp", "iptables") on PATH once, so that the spawner itself never
/// searches: only the few host tools named this way are looked up, and an absolute path is used as it is.
/// </summary>
public static class ExecutableSearch
{
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The first executable <paramref name="name"/> on PATH (or the default PATH); NotFound when there is none.</summary>
    public static string Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return name;
        }

        var path = Environment.GetEnvironmentVariable("PATH") is { Length: > 0 } value ? value : DefaultPath;
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        // Never hand a bare name to the spawner: it would resolve it against the working directory.
        throw new EngineException(ErrorKind.NotFound, $"cannot run {name}: executable file not found in $PATH");
    }
}
