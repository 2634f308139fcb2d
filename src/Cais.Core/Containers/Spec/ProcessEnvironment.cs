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
        var env = new Merger((imageEnv?.Count ?? 0) + userEnv.Count + 3);
        env.Set("PATH=" + DefaultPath);
        env.Set("HOSTNAME=" + hostname);
        if (terminal)
        {
            env.Set("TERM=xterm");
        }

        foreach (var entry in imageEnv ?? [])
        {
            // Image content is untrusted but harmless here; malformed entries (null, empty or nameless) are skipped.
            if (entry is not null && KeyOf(entry).Length > 0)
            {
                env.Set(entry);
            }
        }

        foreach (var entry in userEnv)
        {
            if (KeyOf(entry).Length == 0)
            {
                throw EngineException.Invalid($"invalid environment variable: {entry}");
            }

            env.Set(entry);
        }

        return env.ToList();
    }

    private static ReadOnlySpan<char> KeyOf(string entry)
    {
        var eq = entry.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? entry : entry.AsSpan(0, eq);
    }

    /// <summary>
    /// An ordered environment with a name index, so that replacing, removing or appending a variable costs O(1):
    /// a list search per entry made a 100 000-variable image cost over a minute of CPU. Removed entries leave a
    /// hole that <see cref="ToList"/> skips, so indices stay valid.
    /// </summary>
    private sealed class Merger(int capacity)
    {
        private readonly List<string?> _entries = new(capacity);
        private readonly Dictionary<string, int> _index = new(capacity, StringComparer.Ordinal);
        private int _removed;

        /// <summary>"KEY=VALUE" replaces KEY in place or appends it; a bare "KEY" removes it.</summary>
        public void Set(string entry)
        {
            var key = KeyOf(entry);
            var remove = key.Length == entry.Length;
            var lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(key, out var at))
            {
                if (remove)
                {
                    _entries[at] = null;
                    lookup.Remove(key);
                    _removed++;
                }
                else
                {
                    _entries[at] = entry;
                }
            }
            else if (!remove)
            {
                lookup[key] = _entries.Count;
                _entries.Add(entry);
            }
        }

        public List<string> ToList()
        {
            var result = new List<string>(_entries.Count - _removed);
            foreach (var entry in _entries)
            {
                if (entry is not null)
                {
                    result.Add(entry);
                }
            }

            return result;
        }
    }
}
