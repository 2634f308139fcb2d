namespace Cais.Compat.Tests.Harness;

/// <summary>How one command ended on one side: exit code (-1 when it timed out and was killed) and what it printed.</summary>
public sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}
