namespace Cais.TestSupport;

/// <summary>How an external program ended and what it printed.</summary>
public sealed record ToolResult(string Program, IReadOnlyList<string> Arguments, int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    public string CommandLine => $"{Program} {string.Join(' ', Arguments)}";

    public void EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"`{CommandLine}` exited {ExitCode}: {Stderr.Trim()} {Stdout.Trim()}".Trim());
        }
    }
}
