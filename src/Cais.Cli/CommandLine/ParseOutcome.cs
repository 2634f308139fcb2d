namespace Cais.Cli.CommandLine;

internal enum ParseOutcomeKind
{
    Run,
    Help,
    Version,
    Error,
}

/// <summary>What the parser decided: run a handler, print help or version, or fail with docker's message.</summary>
internal sealed record ParseOutcome(ParseOutcomeKind Kind)
{
    public ParsedCommand? Command { get; init; }

    /// <summary>Command whose help should be printed (Help) or whose usage the error refers to.</summary>
    public CommandSpec? Target { get; init; }

    public IReadOnlyList<string> TargetPath { get; init; } = [];

    /// <summary>Docker prints help for a bare group (or bare root) to stderr, and --help to stdout.</summary>
    public bool HelpToStderr { get; init; }

    public string? ErrorText { get; init; }

    public int ExitCode { get; init; }
}
