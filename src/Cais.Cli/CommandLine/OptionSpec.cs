namespace Cais.Cli.CommandLine;

/// <summary>Declares one option of a command, in the shape of a pflag flag.</summary>
public sealed record OptionSpec
{
    public OptionSpec(string name, OptionKind kind, string description)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Kind = kind;
        Description = description;
    }

    /// <summary>Long name without dashes, e.g. "name" for <c>--name</c>.</summary>
    public string Name { get; }

    public OptionKind Kind { get; }

    public string Description { get; }

    /// <summary>Optional one-letter short form, e.g. 'n' for <c>-n</c>.</summary>
    public char? Short { get; init; }

    /// <summary>Default value as text (parsed like user input); shown in help as docker does when not the zero value.</summary>
    public string? Default { get; init; }

    /// <summary>Type word shown in help after the flag; defaults to "string", "list" or "int" by kind.</summary>
    public string? ValueName { get; init; }

    /// <summary>Accepted but not listed in help.</summary>
    public bool Hidden { get; init; }

    /// <summary>Also accepted by every subcommand (like cobra's persistent flags); listed only on the declaring command.</summary>
    public bool Persistent { get; init; }

    /// <summary>Refuses a value as the flag's own parsing would (pflag's Set): the reason, or null when it is accepted.</summary>
    public Func<string, string?>? Check { get; init; }

    internal string EffectiveValueName => ValueName ?? Kind switch
    {
        OptionKind.String => "string",
        OptionKind.List => "list",
        OptionKind.Int => "int",
        _ => string.Empty,
    };

    public static OptionSpec Flag(string name, char? shortName, string description) =>
        new(name, OptionKind.Bool, description) { Short = shortName };

    public static OptionSpec Str(string name, char? shortName, string description, string? defaultValue = null) =>
        new(name, OptionKind.String, description) { Short = shortName, Default = defaultValue };

    public static OptionSpec Strings(string name, char? shortName, string description) =>
        new(name, OptionKind.List, description) { Short = shortName };

    public static OptionSpec Integer(string name, char? shortName, string description, long? defaultValue = null) =>
        new(name, OptionKind.Int, description)
        {
            Short = shortName,
            Default = defaultValue?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
}
