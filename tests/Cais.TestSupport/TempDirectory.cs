namespace Cais.TestSupport;

/// <summary>A directory removed with everything in it when the test ends.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "cais-test")
    {
        Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A test that left a mount behind fails on its own leak check; do not hide that here.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
