namespace Cais.Cli.CommandLine;

/// <summary>
/// Declares one command (or command group) of the CLI. Paths are derived from the tree, so the same
/// shape can be mounted twice (e.g. <c>cais rm</c> and <c>cais container rm</c>) as two specs.
/// </summary>
public sealed record CommandSpec
{
    public CommandSpec(string name, string description)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Description = description;
    }

    public string Name { get; }

    /// <summary>One-line description used in command lists and as the help summary.</summary>
    public string Description { get; }

    /// <summary>Longer text shown in the command's own help instead of <see cref="Description"/>.</summary>
    public string? LongDescription { get; init; }

    /// <summary>Full usage line, e.g. "cais run [OPTIONS] IMAGE [COMMAND] [ARG...]"; derived from the path when null.</summary>
    public string? Usage { get; init; }

    /// <summary>Other names under the same parent, e.g. "remove" for "rm".</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Text of the help "Aliases:" section (docker lists full paths such as "cais container rm, cais rm"); derived from <see cref="Aliases"/> when null.</summary>
    public string? AliasesHelp { get; init; }

    public IReadOnlyList<OptionSpec> Options { get; init; } = [];

    /// <summary>Non-empty for groups such as "image", "container" and "system", and for the root.</summary>
    public IReadOnlyList<CommandSpec> Subcommands { get; init; } = [];

    public int MinArgs { get; init; }

    /// <summary>Maximum positional count; null means unlimited.</summary>
    public int? MaxArgs { get; init; }

    /// <summary>Stop option parsing at the first positional (pflag SetInterspersed(false)), e.g. for run/exec.</summary>
    public bool StopAtFirstPositional { get; init; }

    /// <summary>Listed under "Common Commands:" in the top-level help, in declaration order.</summary>
    public bool IsCommon { get; init; }

    /// <summary>Accepted but not listed in help.</summary>
    public bool Hidden { get; init; }

    public Func<ParsedCommand, CancellationToken, Task<int>>? Handler { get; init; }

    public bool IsGroup => Subcommands.Count > 0;

    internal CommandSpec? FindSubcommand(string name)
    {
        foreach (var sub in Subcommands)
        {
            if (sub.Name == name)
            {
                return sub;
            }
        }

        foreach (var sub in Subcommands)
        {
            if (sub.Aliases.Contains(name))
            {
                return sub;
            }
        }

        return null;
    }
}
