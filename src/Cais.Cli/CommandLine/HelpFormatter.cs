using System.Globalization;
using System.Text;

namespace Cais.Cli.CommandLine;

/// <summary>Renders help in the layout of docker's cobra templates and pflag's wrapped flag usages.</summary>
internal static class HelpFormatter
{
    /// <summary>Cobra pads command names to at least this width in command lists.</summary>
    private const int MinNamePadding = 11;

    public static string Render(CommandSpec command, IReadOnlyList<string> path, int width)
    {
        var sb = new StringBuilder();
        sb.Append("Usage:  ").Append(CommandLineParser.UsageLine(command, path, forError: false)).Append("\n\n");
        sb.Append((command.LongDescription ?? command.Description).Trim()).Append('\n');

        var aliases = AliasesText(command, path);
        if (aliases is not null)
        {
            sb.Append("\nAliases:\n  ").Append(aliases).Append('\n');
        }

        var isRoot = path.Count == 1;
        if (isRoot)
        {
            var visible = command.Subcommands.Where(c => !c.Hidden).ToList();
            var pad = NamePadding(visible);
            AppendCommands(sb, "Common Commands:", visible.Where(c => c.IsCommon), pad);
            AppendCommands(sb, "Management Commands:", visible.Where(c => c.IsGroup && !c.IsCommon).OrderBy(c => c.Name, StringComparer.Ordinal), pad);
            AppendCommands(sb, "Commands:", visible.Where(c => !c.IsGroup && !c.IsCommon).OrderBy(c => c.Name, StringComparer.Ordinal), pad);
            AppendOptions(sb, "Global Options:", command, width);
        }
        else
        {
            AppendOptions(sb, "Options:", command, width);
            var visible = command.Subcommands.Where(c => !c.Hidden).ToList();
            AppendCommands(sb, "Commands:", visible.OrderBy(c => c.Name, StringComparer.Ordinal), NamePadding(visible));
        }

        if (command.IsGroup)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\nRun '{string.Join(' ', path)} COMMAND --help' for more information on a command.\n");
        }

        return sb.ToString();
    }

    /// <summary>pflag's FlagUsagesWrapped: "  -s, --long type" column, descriptions aligned and wrapped to <paramref name="cols"/>.</summary>
    public static string FlagUsages(IEnumerable<OptionSpec> options, int cols)
    {
        var heads = new List<(string Head, string Usage)>();
        var maxLen = 0;
        foreach (var option in options.OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            var head = option.Short is { } s ? $"  -{s}, --{option.Name}" : $"      --{option.Name}";
            var valueName = option.EffectiveValueName;
            if (valueName.Length > 0)
            {
                head += " " + valueName;
            }

            // +1 stands for pflag's NUL placeholder, which makes the gap at least three spaces.
            maxLen = Math.Max(maxLen, head.Length + 1);
            heads.Add((head, option.Description + DefaultSuffix(option)));
        }

        var sb = new StringBuilder();
        foreach (var (head, usage) in heads)
        {
            sb.Append(head).Append(' ', maxLen - head.Length + 2).Append(Wrap(maxLen + 2, cols, usage)).Append('\n');
        }

        return sb.ToString();
    }

    private static string DefaultSuffix(OptionSpec option)
    {
        if (option.Default is not { } value)
        {
            return string.Empty;
        }

        return option.Kind switch
        {
            OptionKind.String when value.Length > 0 => $" (default \"{value}\")",
            OptionKind.Bool when CommandLineParser.TryParseBool(value, out var b) && b => " (default true)",
            OptionKind.Int when value != "0" => $" (default {value})",
            OptionKind.List when value.Length > 0 => $" (default [{value}])",
            _ => string.Empty,
        };
    }

    // pflag's wrap: first line is already indented by the caller; later lines get `indent` spaces.
    private static string Wrap(int indent, int cols, string text)
    {
        if (cols == 0)
        {
            return text.Replace("\n", "\n" + new string(' ', indent), StringComparison.Ordinal);
        }

        var room = cols - indent;
        var result = new StringBuilder();
        if (room < 24)
        {
            indent = 16;
            room = cols - indent;
            result.Append('\n').Append(' ', indent);
        }

        if (room < 24)
        {
            return result.ToString() + text.Replace("\n", result.ToString(), StringComparison.Ordinal);
        }

        // Allow running a few characters over rather than leaving a short orphan word on the last line.
        const int slop = 5;
        room -= slop;
        var prefix = "\n" + new string(' ', indent);
        var (line, rest) = WrapN(room, slop, text);
        result.Append(line.Replace("\n", prefix, StringComparison.Ordinal));
        while (rest.Length > 0)
        {
            (line, rest) = WrapN(room, slop, rest);
            result.Append(prefix).Append(line.Replace("\n", prefix, StringComparison.Ordinal));
        }

        return result.ToString();
    }

    private static (string Line, string Remainder) WrapN(int limit, int slop, string s)
    {
        if (limit + slop > s.Length)
        {
            return (s, string.Empty);
        }

        var head = s[..limit];
        var w = head.LastIndexOfAny([' ', '\t', '\n']);
        if (w <= 0)
        {
            return (s, string.Empty);
        }

        var nl = head.LastIndexOf('\n');
        if (nl > 0 && nl < w)
        {
            return (s[..nl], s[(nl + 1)..]);
        }

        return (s[..w], s[(w + 1)..]);
    }

    private static string? AliasesText(CommandSpec command, IReadOnlyList<string> path)
    {
        if (command.AliasesHelp is not null)
        {
            return command.AliasesHelp;
        }

        if (command.Aliases.Count == 0 || path.Count < 2)
        {
            return null;
        }

        var parent = string.Join(' ', path.Take(path.Count - 1));
        return string.Join(", ", new[] { command.Name }.Concat(command.Aliases).Select(n => parent + " " + n));
    }

    private static void AppendOptions(StringBuilder sb, string title, CommandSpec command, int width)
    {
        var options = command.Options.Where(o => !o.Hidden).ToList();
        if (command.Options.Any(o => o.Short == 'h'))
        {
            // -h is taken (e.g. run's --hostname), so docker lists the long-only help flag.
            options.Add(OptionSpec.Flag("help", null, "Print usage"));
        }

        if (options.Count == 0)
        {
            return;
        }

        sb.Append('\n').Append(title).Append('\n').Append(FlagUsages(options, width - 1));
    }

    private static void AppendCommands(StringBuilder sb, string title, IEnumerable<CommandSpec> commands, int pad)
    {
        var list = commands.ToList();
        if (list.Count == 0)
        {
            return;
        }

        sb.Append('\n').Append(title).Append('\n');
        foreach (var c in list)
        {
            sb.Append("  ").Append(c.Name.PadRight(pad)).Append(' ').Append(c.Description).Append('\n');
        }
    }

    private static int NamePadding(IEnumerable<CommandSpec> commands) =>
        Math.Max(MinNamePadding, commands.Select(c => c.Name.Length).DefaultIfEmpty(0).Max());
}
