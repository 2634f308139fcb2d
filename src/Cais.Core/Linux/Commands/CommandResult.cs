namespace Cais.Linux.Commands;

/// <summary>How a program ended: its exit code (128+signal when killed) and what it printed.</summary>
public sealed record CommandResult(int ExitCode, string Stdout, string Stderr);
