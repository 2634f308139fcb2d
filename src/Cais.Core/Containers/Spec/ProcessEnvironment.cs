using Cais.Common;

namespace Cais.Containers.Spec;

/// <summary>Builds the container process environment the way Docker does.</summary>
public static class ProcessEnvironment
{
    /// <summary>PATH given to containers whose image sets none (Docker's DefaultPathEnv on Linux).</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>
    /// PATH, HOSTNAME and (with a terminal) TERM=xterm first; then the image's variables and then the user's
    /// replace same-named ones in place or are appended. A user entry without "=" removes that variable.
    /// </summary>
    public static IReadOnlyList<string> Build(IReadOnlyList<string>? imageEnv, IReadOnlyList<string> userEnv, string hostname, bool terminal)
    {
        var env = new List<string> { "PATH=" + DefaultPath, "HOSTNAME=" + hostname };
        if (terminal)
        {
            env.Add("TERM=xterm");
        }

        foreach (var entry in imageEnv ?? [])
        {
            // Image content is untrusted but harmless here; malformed entries are just skipped.
            if (KeyOf(entry) is { Length: > 0 })
            {
                ReplaceOrAppend(env, entry);
            }
        }

        foreach (var entry in userEnv)
        {
            if (KeyOf(entry).Length == 0)
            {
                throw EngineException.Invalid($"invalid environment variable: {entry}");
            }

            ReplaceOrAppend(env, entry);
        }

        return env;
    }

    private static void ReplaceOrAppend(List<string> env, string entry)
    {
        var key = KeyOf(entry);
        var index = env.FindIndex(e => KeyOf(e) == key);
        var remove = !entry.Contains('=', StringComparison.Ordinal);
        if (index >= 0)
        {
            if (remove)
            {
                env.RemoveAt(index);
            }
            else
            {
                env[index] = entry;
            }
        }
        else if (!remove)
        {
            env.Add(entry);
        }
    }

    private static string KeyOf(string entry)
    {
        var eq = entry.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? entry : entry[..eq];
    }
}
