using System.Globalization;
using System.Text;

namespace Cais.Cli.CommandLine;

/// <summary>
/// pflag/cobra-compatible argument parser. Rules mirror docker's CLI: flags may be interspersed with positionals unless the
/// command stops at the first positional, "--" ends options, bundled short flags, and docker's error texts/exit codes.
/// </summary>
internal static class CommandLineParser
{
    /// <summary>Exit code docker uses for flag errors.</summary>
    public const int FlagErrorExitCode = 125;

    /// <summary>Exit code docker uses for wrong positional counts and unknown commands.</summary>
    public const int ArgumentErrorExitCode = 1;

    private const string HelpName = "help";

    public static ParseOutcome Parse(CommandSpec root, IReadOnlyList<string> args)
    {
        var specs = new Dictionary<string, OptionSpec>(StringComparer.Ordinal);
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var path = new List<string> { root.Name };
        var command = root;
        var persistent = new List<OptionSpec>();
        var helpRequested = false;
        var forcePositional = false;
        var index = 0;

        while (true)
        {
            var inScope = new List<OptionSpec>(persistent);
            foreach (var option in command.Options)
            {
                if (!inScope.Exists(o => o.Name == option.Name))
                {
                    inScope.Add(option);
                }

                specs[option.Name] = option;
            }

            foreach (var option in persistent)
            {
                specs[option.Name] = option;
            }

            var positionals = new List<string>();
            var level = new Level(inScope, values);
            var stopAtPositional = command.IsGroup || command.StopAtFirstPositional;
            while (index < args.Count)
            {
                var arg = args[index];
                if (!forcePositional && arg == "--")
                {
                    index++;
                    forcePositional = true;
                    continue;
                }

                if (forcePositional)
                {
                    // After "--" a group still takes the first word as its subcommand name.
                    positionals.Add(arg);
                    index++;
                    if (command.IsGroup)
                    {
                        break;
                    }

                    continue;
                }

                if (arg.Length > 2 && arg.StartsWith("--", StringComparison.Ordinal))
                {
                    var error = level.ParseLong(args, ref index, ref helpRequested);
                    if (error is not null)
                    {
                        return FlagError(command, path, error);
                    }

                    continue;
                }

                if (arg.Length > 1 && arg[0] == '-')
                {
                    var error = level.ParseShorts(args, ref index, ref helpRequested);
                    if (error is not null)
                    {
                        return FlagError(command, path, error);
                    }

                    continue;
                }

                if (stopAtPositional)
                {
                    if (command.IsGroup)
                    {
                        // The subcommand name; the rest belongs to the subcommand's own parse.
                        positionals.Add(arg);
                        index++;
                        break;
                    }

                    while (index < args.Count)
                    {
                        positionals.Add(args[index++]);
                    }

                    break;
                }

                positionals.Add(arg);
                index++;
            }

            if (command.IsGroup)
            {
                if (positionals.Count == 0)
                {
                    if (command == root && !helpRequested && values.ContainsKey(GlobalOptions.Version) && specs.ContainsKey(GlobalOptions.Version))
                    {
                        return new ParseOutcome(ParseOutcomeKind.Version);
                    }

                    return new ParseOutcome(ParseOutcomeKind.Help) { Target = command, TargetPath = [.. path], HelpToStderr = !helpRequested };
                }

                var sub = command.FindSubcommand(positionals[0]);
                if (sub is null)
                {
                    return UnknownCommand(command, root, path, positionals[0]);
                }

                foreach (var option in command.Options)
                {
                    if (option.Persistent && !persistent.Exists(o => o.Name == option.Name))
                    {
                        persistent.Add(option);
                    }
                }

                command = sub;
                path.Add(sub.Name);
                continue;
            }

            if (helpRequested)
            {
                return new ParseOutcome(ParseOutcomeKind.Help) { Target = command, TargetPath = [.. path] };
            }

            var countError = CheckPositionals(command, path, positionals.Count);
            if (countError is not null)
            {
                return countError;
            }

            return new ParseOutcome(ParseOutcomeKind.Run)
            {
                Command = new ParsedCommand(command, [.. path], positionals, specs, values),
                Target = command,
                TargetPath = [.. path],
            };
        }
    }

    public static bool TryParseBool(string text, out bool value)
    {
        // Same spellings as Go's strconv.ParseBool.
        switch (text)
        {
            case "1" or "t" or "T" or "true" or "TRUE" or "True":
                value = true;
                return true;
            case "0" or "f" or "F" or "false" or "FALSE" or "False":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    internal static string UsageLine(CommandSpec command, IReadOnlyList<string> path, bool forError)
    {
        var joined = string.Join(' ', path);
        if (command.Usage is not null)
        {
            return command.Usage;
        }

        if (command.IsGroup)
        {
            // Docker's quirk: help says "docker image COMMAND", errors say "docker image"; the root says "[OPTIONS] COMMAND".
            if (path.Count == 1)
            {
                return forError ? joined + " [OPTIONS] COMMAND [ARG...]" : joined + " [OPTIONS] COMMAND";
            }

            return forError ? joined : joined + " COMMAND";
        }

        return command.Options.Any(o => !o.Hidden) ? joined + " [OPTIONS]" : joined;
    }

    private static ParseOutcome FlagError(CommandSpec command, IReadOnlyList<string> path, string message)
    {
        var joined = string.Join(' ', path);
        var text = $"{message}\n\nUsage:  {UsageLine(command, path, forError: true)}\n\nRun '{joined} --help' for more information\n";
        return new ParseOutcome(ParseOutcomeKind.Error) { ErrorText = text, ExitCode = FlagErrorExitCode, Target = command, TargetPath = [.. path] };
    }

    private static ParseOutcome UnknownCommand(CommandSpec group, CommandSpec root, IReadOnlyList<string> path, string name)
    {
        var joined = string.Join(' ', path);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{root.Name}: unknown command: {joined} {name}\n\n");
        if (path.Count > 1)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Usage:  {UsageLine(group, path, forError: true)}\n\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"Run '{joined} --help' for more information\n");
        return new ParseOutcome(ParseOutcomeKind.Error) { ErrorText = sb.ToString(), ExitCode = ArgumentErrorExitCode, Target = group, TargetPath = [.. path] };
    }

    private static ParseOutcome? CheckPositionals(CommandSpec command, IReadOnlyList<string> path, int count)
    {
        var min = command.MinArgs;
        var max = command.MaxArgs;
        if (count >= min && (max is null || count <= max))
        {
            return null;
        }

        string problem;
        var verb = "Run";
        if (max == 0)
        {
            problem = "accepts no arguments";
        }
        else if (max is null)
        {
            problem = $"requires at least {min} {Plural(min)}";
            verb = "See";
        }
        else if (min == max)
        {
            problem = $"requires {min} {Plural(min)}";
        }
        else if (min == 0)
        {
            problem = $"requires at most {max} {Plural(max.Value)}";
        }
        else
        {
            problem = $"requires at least {min} and at most {max} {Plural(max.Value)}";
        }

        var joined = string.Join(' ', path);
        var root = path[0];
        var text = $"{root}: '{joined}' {problem}\n\nUsage:  {UsageLine(command, path, forError: true)}\n\n{verb} '{joined} --help' for more information\n";
        return new ParseOutcome(ParseOutcomeKind.Error) { ErrorText = text, ExitCode = ArgumentErrorExitCode, Target = command, TargetPath = [.. path] };
    }

    private static string Plural(int n) => n == 1 ? "argument" : "arguments";

    /// <summary>Option parsing state for one command level.</summary>
    private sealed class Level(List<OptionSpec> options, Dictionary<string, List<string>> values)
    {
        private readonly bool _hOwned = options.Exists(o => o.Short == 'h');

        public string? ParseLong(IReadOnlyList<string> args, ref int index, ref bool helpRequested)
        {
            var body = args[index].Substring(2);
            index++;
            string name;
            string? inline = null;
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                name = body[..eq];
                inline = body[(eq + 1)..];
            }
            else
            {
                name = body;
            }

            var option = options.Find(o => o.Name == name);
            if (option is null)
            {
                if (name == HelpName)
                {
                    return SetHelp(inline, "--help", ref helpRequested);
                }

                return $"unknown flag: --{name}";
            }

            if (option.Kind == OptionKind.Bool)
            {
                return Set(option, inline ?? "true");
            }

            if (inline is null)
            {
                if (index >= args.Count)
                {
                    return $"flag needs an argument: --{name}";
                }

                inline = args[index++];
            }

            return Set(option, inline);
        }

        public string? ParseShorts(IReadOnlyList<string> args, ref int index, ref bool helpRequested)
        {
            var shorthands = args[index].Substring(1);
            index++;
            while (shorthands.Length > 0)
            {
                var c = shorthands[0];
                var option = options.Find(o => o.Short == c);
                var hasInline = shorthands.Length > 2 && shorthands[1] == '=';
                if (option is null)
                {
                    if (c == 'h' && !_hOwned)
                    {
                        var error = SetHelp(hasInline ? shorthands[2..] : null, "-h", ref helpRequested);
                        if (error is not null)
                        {
                            return error;
                        }

                        shorthands = hasInline ? string.Empty : shorthands[1..];
                        continue;
                    }

                    return $"unknown shorthand flag: '{c}' in -{shorthands}";
                }

                if (option.Kind == OptionKind.Bool)
                {
                    var error = Set(option, hasInline ? shorthands[2..] : "true");
                    if (error is not null)
                    {
                        return error;
                    }

                    shorthands = hasInline ? string.Empty : shorthands[1..];
                    continue;
                }

                string value;
                if (hasInline)
                {
                    value = shorthands[2..];
                }
                else if (shorthands.Length > 1)
                {
                    value = shorthands[1..];
                }
                else if (index < args.Count)
                {
                    value = args[index++];
                }
                else
                {
                    return $"flag needs an argument: '{c}' in -{shorthands}";
                }

                return Set(option, value);
            }

            return null;
        }

        private static string? SetHelp(string? inline, string display, ref bool helpRequested)
        {
            if (inline is null)
            {
                helpRequested = true;
                return null;
            }

            if (!TryParseBool(inline, out var b))
            {
                return $"invalid argument \"{inline}\" for \"{display}\" flag: strconv.ParseBool: parsing \"{inline}\": invalid syntax";
            }

            helpRequested |= b;
            return null;
        }

        private string? Set(OptionSpec option, string value)
        {
            string stored;
            switch (option.Kind)
            {
                case OptionKind.Bool:
                    if (!TryParseBool(value, out var b))
                    {
                        return Invalid(option, value, $"strconv.ParseBool: parsing \"{value}\": invalid syntax");
                    }

                    stored = b ? "true" : "false";
                    break;
                case OptionKind.Int:
                    var intError = TryParseInt(value, out var number);
                    if (intError is not null)
                    {
                        return Invalid(option, value, $"strconv.ParseInt: parsing \"{value}\": {intError}");
                    }

                    stored = number.ToString(CultureInfo.InvariantCulture);
                    break;
                default:
                    if (option.Check?.Invoke(value) is { } reason)
                    {
                        return Invalid(option, value, reason);
                    }

                    stored = value;
                    break;
            }

            if (option.Kind == OptionKind.List && values.TryGetValue(option.Name, out var existing))
            {
                existing.Add(stored);
            }
            else
            {
                values[option.Name] = [stored];
            }

            return null;
        }

        private static string Invalid(OptionSpec option, string value, string reason)
        {
            var display = option.Short is { } s ? $"-{s}, --{option.Name}" : $"--{option.Name}";
            return $"invalid argument \"{value}\" for \"{display}\" flag: {reason}";
        }

        // Go's strconv.ParseInt(s, 0, 64): sign, then decimal or 0x/0o/0b/0 prefixes, underscores only with a prefix.
        private static string? TryParseInt(string text, out long value)
        {
            value = 0;
            var s = text.AsSpan();
            var negative = false;
            if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
            {
                negative = s[0] == '-';
                s = s[1..];
            }

            var radix = 10;
            if (s.Length > 1 && s[0] == '0')
            {
                switch (char.ToLowerInvariant(s[1]))
                {
                    case 'x': radix = 16; s = s[2..]; break;
                    case 'o': radix = 8; s = s[2..]; break;
                    case 'b': radix = 2; s = s[2..]; break;
                    default: radix = 8; s = s[1..]; break;
                }
            }

            if (s.IsEmpty)
            {
                return "invalid syntax";
            }

            System.Numerics.BigInteger acc = 0;
            foreach (var ch in s)
            {
                if (ch == '_' && radix != 10)
                {
                    continue;
                }

                var digit = ch switch
                {
                    >= '0' and <= '9' => ch - '0',
                    >= 'a' and <= 'z' => ch - 'a' + 10,
                    >= 'A' and <= 'Z' => ch - 'A' + 10,
                    _ => 99,
                };
                if (digit >= radix)
                {
                    return "invalid syntax";
                }

                acc = (acc * radix) + digit;
            }

            if (negative)
            {
                acc = -acc;
            }

            if (acc > long.MaxValue || acc < long.MinValue)
            {
                return "value out of range";
            }

            value = (long)acc;
            return null;
        }
    }
}
