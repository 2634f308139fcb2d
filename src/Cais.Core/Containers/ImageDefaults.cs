namespace Cais.Containers;

/// <summary>
/// Docker's merge of an image's defaults into what the user asked at create, kept in the container's record so that
/// inspect shows the container's whole configuration (the process environment is built from the same lists).
/// </summary>
public static class ImageDefaults
{
    /// <summary>The user's variables in their order, then the image's whose names the user did not set (Docker's order).</summary>
    public static IReadOnlyList<string> MergeEnv(IReadOnlyList<string> user, IReadOnlyList<string>? image)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (image is null || image.Count == 0)
        {
            return user;
        }

        var names = new HashSet<string>(user.Select(NameOf), StringComparer.Ordinal);
        return [.. user, .. image.Where(entry => !string.IsNullOrEmpty(entry) && names.Add(NameOf(entry)))];
    }

    /// <summary>The image's labels, each replaced by the user's label of the same key.</summary>
    public static IReadOnlyDictionary<string, string> MergeLabels(IReadOnlyDictionary<string, string> user, IReadOnlyDictionary<string, string>? image)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (image is null || image.Count == 0)
        {
            return user;
        }

        var merged = new Dictionary<string, string>(image, StringComparer.Ordinal);
        foreach (var (key, value) in user)
        {
            merged[key] = value;
        }

        return merged;
    }

    private static string NameOf(string entry)
    {
        var eq = entry.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? entry : entry[..eq];
    }
}
