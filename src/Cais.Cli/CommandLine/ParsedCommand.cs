using System.Globalization;

namespace Cais.Cli.CommandLine;

/// <summary>Result of a successful parse: the command reached, its positionals and option values (global ones included).</summary>
public sealed class ParsedCommand
{
    private readonly Dictionary<string, OptionSpec> _specs;
    private readonly Dictionary<string, List<string>> _values;

    internal ParsedCommand(
        CommandSpec command,
        IReadOnlyList<string> path,
        IReadOnlyList<string> positionals,
        Dictionary<string, OptionSpec> specs,
        Dictionary<string, List<string>> values)
    {
        Command = command;
        CommandPath = path;
        Positionals = positionals;
        _specs = specs;
        _values = values;
    }

    public CommandSpec Command { get; }

    /// <summary>Names from the root, e.g. ["cais", "image", "ls"].</summary>
    public IReadOnlyList<string> CommandPath { get; }

    /// <summary>Positional arguments; with StopAtFirstPositional everything after the first one, verbatim.</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary>True when the user gave the option (pflag's Changed).</summary>
    public bool IsSet(string name)
    {
        Spec(name);
        return _values.ContainsKey(name);
    }

    public bool GetBool(string name)
    {
        var text = Last(name, OptionKind.Bool);
        return text is not null && CommandLineParser.TryParseBool(text, out var b) && b;
    }

    public string? GetString(string name) => Last(name, OptionKind.String);

    public IReadOnlyList<string> GetList(string name)
    {
        var spec = Spec(name);
        Check(spec, OptionKind.List);
        if (_values.TryGetValue(name, out var list))
        {
            return list;
        }

        return spec.Default is null ? [] : [spec.Default];
    }

    public long GetLong(string name)
    {
        var text = Last(name, OptionKind.Int);
        return text is null ? 0 : long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    public int GetInt(string name)
    {
        var value = GetLong(name);
        if (value is < int.MinValue or > int.MaxValue)
        {
            throw new OverflowException($"value of --{name} is out of range: {value}");
        }

        return (int)value;
    }

    private string? Last(string name, OptionKind kind)
    {
        var spec = Spec(name);
        Check(spec, kind);
        return _values.TryGetValue(name, out var list) ? list[^1] : spec.Default;
    }

    private OptionSpec Spec(string name) =>
        _specs.TryGetValue(name, out var spec)
            ? spec
            : throw new ArgumentException($"command '{string.Join(' ', CommandPath)}' has no option --{name}", nameof(name));

    private static void Check(OptionSpec spec, OptionKind kind)
    {
        if (spec.Kind != kind)
        {
            throw new InvalidOperationException($"option --{spec.Name} is {spec.Kind}, not {kind}");
        }
    }
}
