using Cais.Common;

namespace Cais.Archive;

/// <summary>Lexical clean-up of tar entry names (untrusted input).</summary>
internal static class EntryPath
{
    /// <summary>
    /// Splits a name into components relative to the layer root. A leading "/" is dropped (Docker treats
    /// absolute names as relative to the root); "." and empty components vanish; ".." pops, and a ".." that
    /// would climb above the root is refused rather than clamped, because such an entry is hostile.
    /// </summary>
    public static List<string> Split(string name, string entryName)
    {
        if (name.Contains('\0', StringComparison.Ordinal))
        {
            throw new EngineException(ErrorKind.InvalidArgument, $"layer entry \"{entryName.Replace("\0", "\\0", StringComparison.Ordinal)}\" contains a NUL byte");
        }

        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    throw Escapes(entryName);
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return parts;
    }

    public static EngineException Escapes(string entryName) =>
        new(ErrorKind.InvalidArgument, $"layer entry \"{entryName}\" escapes the layer root");
}
