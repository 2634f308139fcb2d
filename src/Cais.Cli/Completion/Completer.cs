using Cais.Cli.CommandLine;

namespace Cais.Cli.Completion;

/// <summary>
/// Answers "what can come next" for a partial command line, from the command tree (commands, subcommands, flags and
/// their descriptions) and the engine's object names. <c>words</c> are the words after the program name; the last one
/// is the word being completed ("" for a new word). <c>names</c> lists the objects of a kind (given the partial word,
/// so that IDs can be offered once the user types a prefix).
/// </summary>
public sealed class Completer(CommandSpec root, Func<ObjectKind, string, IReadOnlyList<string>> names)
{
    public CompletionAnswer Complete(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var current = words.Count == 0 ? "" : words[^1];
        var command = root;
        var path = new List<string> { root.Name };
        var inherited = new List<OptionSpec>();
        var positionals = 0;
        for (var i = 0; i < words.Count - 1; i++)
        {
            var word = words[i];
            if (word == "--" || (positionals > 0 && command.StopAtFirstPositional))
            {
                // What follows is the container's command line (run, exec) or plain arguments: the shell's default.
                return Files();
            }

            if (word.Length > 1 && word[0] == '-')
            {
                var valueOption = OptionTakingNextWord(word, Scope(command, inherited));
                if (valueOption is not null)
                {
                    if (i + 1 == words.Count - 1)
                    {
                        return FlagValue(valueOption, current);
                    }

                    i++;
                }

                continue;
            }

            if (command.IsGroup && command.FindSubcommand(word) is { } sub)
            {
                inherited.AddRange(command.Options.Where(o => o.Persistent));
                command = sub;
                path.Add(sub.Name);
                continue;
            }

            if (command.IsGroup)
            {
                return new CompletionAnswer([], CompletionDirective.NoFileComp);
            }

            positionals++;
        }

        if (current.StartsWith('-'))
        {
            return Flags(command, inherited, current);
        }

        if (command.IsGroup)
        {
            var subcommands = command.Subcommands
                .Where(c => !c.Hidden && c.Name.StartsWith(current, StringComparison.Ordinal))
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .Select(c => (c.Name, c.Description));
            return new CompletionAnswer([.. subcommands], CompletionDirective.NoFileComp);
        }

        if (positionals > 0 && command.StopAtFirstPositional)
        {
            return Files();
        }

        return Arguments(path, positionals, current);
    }

    private static IReadOnlyList<OptionSpec> Scope(CommandSpec command, List<OptionSpec> inherited) => [.. command.Options, .. inherited];

    /// <summary>The option a flag word leaves waiting for its value in the next word, or null.</summary>
    private static OptionSpec? OptionTakingNextWord(string word, IReadOnlyList<OptionSpec> scope)
    {
        if (word.StartsWith("--", StringComparison.Ordinal))
        {
            if (word.Contains('=', StringComparison.Ordinal))
            {
                return null;
            }

            var option = scope.FirstOrDefault(o => o.Name == word[2..]);
            return option is { Kind: not OptionKind.Bool } ? option : null;
        }

        // Bundled short flags: the first one that takes a value takes the rest of the word, or the next word.
        for (var at = 1; at < word.Length; at++)
        {
            var option = scope.FirstOrDefault(o => o.Short == word[at]);
            if (option is { Kind: not OptionKind.Bool })
            {
                return at == word.Length - 1 ? option : null;
            }
        }

        return null;
    }

    private CompletionAnswer Flags(CommandSpec command, List<OptionSpec> inherited, string current)
    {
        var equals = current.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0 && current.StartsWith("--", StringComparison.Ordinal))
        {
            // --flag=partial: candidates are whole words ("--network=web"); bash's script trims what it splits off.
            var option = Scope(command, inherited).FirstOrDefault(o => o.Name == current[2..equals]);
            if (option is null)
            {
                return new CompletionAnswer([], CompletionDirective.NoFileComp);
            }

            var values = FlagValue(option, current[(equals + 1)..]);
            return values with { Candidates = [.. values.Candidates.Select(c => (current[..(equals + 1)] + c.Value, c.Description))] };
        }

        var candidates = new List<(string, string)>();
        foreach (var option in Scope(command, inherited).Where(o => !o.Hidden).OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            Add(candidates, "--" + option.Name, option.Description, current);
            if (option.Short is { } letter)
            {
                Add(candidates, "-" + letter, option.Description, current);
            }
        }

        Add(candidates, "--help", "Print usage", current);
        return new CompletionAnswer(candidates, CompletionDirective.NoFileComp);
    }

    private CompletionAnswer FlagValue(OptionSpec option, string current)
    {
        var (kind, words) = CompletionTargets.FlagValues(option.Name);
        if (words is not null)
        {
            return new CompletionAnswer([.. words.Where(w => w.StartsWith(current, StringComparison.Ordinal)).Select(w => (w, ""))], CompletionDirective.NoFileComp);
        }

        return kind == ObjectKind.None ? Files() : Objects(kind, current);
    }

    private CompletionAnswer Arguments(IReadOnlyList<string> path, int position, string current)
    {
        var (kinds, repeats) = CompletionTargets.Positionals(path);
        if (kinds.Count == 0)
        {
            return Files();
        }

        if (position >= kinds.Count && !repeats)
        {
            return new CompletionAnswer([], CompletionDirective.NoFileComp);
        }

        return Objects(kinds[Math.Min(position, kinds.Count - 1)], current);
    }

    private CompletionAnswer Objects(ObjectKind kind, string current)
    {
        var candidates = new List<(string, string)>();
        foreach (var name in names(kind, current).Distinct(StringComparer.Ordinal))
        {
            Add(candidates, name, "", current);
        }

        return new CompletionAnswer(candidates, CompletionDirective.NoFileComp);
    }

    private static CompletionAnswer Files() => new([], CompletionDirective.Default);

    private static void Add(List<(string, string)> candidates, string value, string description, string current)
    {
        if (value.StartsWith(current, StringComparison.Ordinal))
        {
            candidates.Add((value, description));
        }
    }
}
