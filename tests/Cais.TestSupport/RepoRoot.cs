namespace Cais.TestSupport;

/// <summary>Locates the repository checkout the tests were built from.</summary>
public static class RepoRoot
{
    /// <summary>The nearest ancestor of the test binaries (or the working directory) holding Cais.slnx.</summary>
    public static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Cais.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"cannot find the repository root (Cais.slnx) above {AppContext.BaseDirectory}");
    }
}
