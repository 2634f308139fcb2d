namespace Cais.Linux;

/// <summary>
/// One mount described as data (mount(8)'s vocabulary): what a snapshotter hands back for its caller to mount
/// (<see cref="Mounter"/>), so that storage never mounts into a container itself.
/// </summary>
/// <param name="Type">The filesystem type: "overlay", "bind", "tmpfs", ...</param>
/// <param name="Source">The device or directory ("overlay" for overlayfs).</param>
/// <param name="Options">mount(8)-style options: flags ("ro", "rbind") and key=value data ("lowerdir=a:b").</param>
public sealed record Mount(string Type, string Source, IReadOnlyList<string> Options)
{
    /// <summary>A bind mount of a directory, read-write or read-only.</summary>
    public static Mount Bind(string source, bool readOnly) => new("bind", source, ["rbind", readOnly ? "ro" : "rw"]);

    /// <summary>The value of a key=value option, or null.</summary>
    public string? Option(string key)
    {
        foreach (var option in Options)
        {
            if (option.Length > key.Length && option[key.Length] == '=' && option.StartsWith(key, StringComparison.Ordinal))
            {
                return option[(key.Length + 1)..];
            }
        }

        return null;
    }

    public bool Has(string flag) => Options.Contains(flag, StringComparer.Ordinal);

    /// <summary>overlayfs's lowerdir list: ':' separates, so a ':' or '\' inside a path is escaped with '\'.</summary>
    public static string JoinLowerDirs(IEnumerable<string> directories) =>
        string.Join(':', directories.Select(d => d.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(":", "\\:", StringComparison.Ordinal)));

    /// <summary>The inverse of <see cref="JoinLowerDirs"/>.</summary>
    public static IReadOnlyList<string> SplitLowerDirs(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var result = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                current.Append(value[++i]);
            }
            else if (value[i] == ':')
            {
                result.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(value[i]);
            }
        }

        result.Add(current.ToString());
        return result;
    }
}
