namespace Cais.Cli.Tests;

/// <summary>
/// Compares output byte for byte with a file under Expected/. With CAIS_UPDATE_EXPECTED=1 the file is (re)written
/// from the output instead, in the source tree, for a person to review in the diff.
/// </summary>
internal static class ExpectedOutput
{
    public static void Matches(string name, string actual)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Expected", name);
        if (Environment.GetEnvironmentVariable("CAIS_UPDATE_EXPECTED") == "1")
        {
            File.WriteAllText(Path.Combine(SourceDirectory(), "Expected", name), actual);
            return;
        }

        Assert.True(File.Exists(path), $"missing expected-output file Expected/{name}; run with CAIS_UPDATE_EXPECTED=1 to write it");
        Assert.Equal(File.ReadAllBytes(path), System.Text.Encoding.UTF8.GetBytes(actual));
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
