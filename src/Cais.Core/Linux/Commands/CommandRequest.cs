namespace Cais.Linux.Commands;

/// <summary>A program to run to its end with captured output (see <see cref="ICommandRunner.RunAsync"/>).</summary>
public sealed record CommandRequest
{
    /// <summary>Absolute path of the executable (see <see cref="ExecutableSearch"/> for a bare name).</summary>
    public required string Program { get; init; }

    /// <summary>The arguments after argv[0] (which is <see cref="Program"/>).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>"KEY=value" entries; null inherits this process' environment.</summary>
    public IReadOnlyList<string>? Environment { get; init; }

    /// <summary>Written to the child's stdin, which is then closed; null gives it /dev/null.</summary>
    public string? Stdin { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>The command line as a person would type it, for error messages.</summary>
    public string Display() =>
        string.Join(' ', Arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a).Prepend(Program));
}
