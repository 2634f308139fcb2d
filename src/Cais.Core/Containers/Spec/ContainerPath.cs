namespace Cais.Containers.Spec;

/// <summary>Lexical clean-up of absolute paths inside the container (like Go's path.Clean).</summary>
internal static class ContainerPath
{
    /// <summary>Removes ".", empty components and resolves ".." lexically; "/.." stays "/".</summary>
    public static string Clean(string absolute)
    {
        var parts = new List<string>();
        foreach (var part in absolute.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        return "/" + string.Join('/', parts);
    }

    public static int Depth(string cleaned) => cleaned == "/" ? 0 : cleaned.Count(c => c == '/');
}
