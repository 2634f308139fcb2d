using Cais.Cli.CommandLine;
using Cais.Cli.Commands;

namespace Cais.Cli.Completion;

/// <summary>
/// <c>cais completion bash|zsh|fish</c> prints a script for the shell, as <c>docker completion</c> does; the hidden
/// <c>cais __complete -- WORDS...</c> (and <c>__completeNoDesc</c>) answers the scripts at each TAB.
/// </summary>
public static class CompletionCommand
{
    public const string Complete = "__complete";
    public const string CompleteNoDescriptions = "__completeNoDesc";

    public static CommandSpec Spec() => new("completion", "Generate the autocompletion script for the specified shell")
    {
        Usage = "cais completion COMMAND",
        LongDescription = "Generate the autocompletion script for cais for the specified shell.\nSee each sub-command's help for details on how to use the generated script.",
        Subcommands = [Shell("bash", "source <(cais completion bash)"), Shell("fish", "cais completion fish | source"), Shell("zsh", "source <(cais completion zsh)")],
    };

    /// <summary>The hidden commands the scripts call back into.</summary>
    public static IReadOnlyList<CommandSpec> CallbackSpecs() => [Callback(Complete, descriptions: true), Callback(CompleteNoDescriptions, descriptions: false)];

    private static CommandSpec Shell(string shell, string loadNow) => new(shell, $"Generate the autocompletion script for {shell}")
    {
        Usage = $"cais completion {shell}",
        LongDescription = $"Generate the autocompletion script for the {shell} shell. It completes commands, flags and the names of\ncontainers, images and networks, asking cais at each TAB.\n\nTo load completions in your current shell session:\n\n\t{loadNow}",
        MaxArgs = 0,
        Options = [OptionSpec.Flag("no-descriptions", null, "disable completion descriptions")],
        Handler = Handler.Of(async (context, _) =>
        {
            await context.Out.WriteAsync(ShellScripts.For(shell, !context.Args.GetBool("no-descriptions"))).ConfigureAwait(false);
            return 0;
        }),
    };

    private static CommandSpec Callback(string name, bool descriptions) => new(name, "Answer a completion request from a shell script")
    {
        Hidden = true,
        StopAtFirstPositional = true,
        Handler = async (parsed, cancellationToken) =>
        {
            var environment = CommandEnvironment.Current;
            try
            {
                var tree = CommandTree.Build();
                var words = parsed.Positionals;
                using var services = new ConnectOnce(() => environment.Connect(StateFlags(tree, words)));
                var names = new Lazy<EngineObjectNames>(() => new EngineObjectNames(services.Engine));
                var answer = new Completer(tree, (kind, current) => names.Value.Of(kind, current)).Complete(words);
                await environment.Out.WriteAsync(answer.Render(descriptions).AsMemory(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A completion never prints an error into the user's prompt: the shell just offers nothing.
                await environment.Out.WriteAsync($":{(int)CompletionDirective.Error}\n".AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            return 0;
        },
    };

    /// <summary>
    /// The user's own --root, --runroot and --config from the words being completed, as a parsed command line, so
    /// that names come from the state the completed command will use.
    /// </summary>
    private static ParsedCommand StateFlags(CommandSpec tree, IReadOnlyList<string> words)
    {
        var flags = new List<string>();
        for (var i = 0; i < words.Count - 1; i++)
        {
            foreach (var name in (ReadOnlySpan<string>)[GlobalOptions.Root, GlobalOptions.RunRoot])
            {
                if (words[i] == "--" + name && i + 1 < words.Count - 1)
                {
                    flags.AddRange([words[i], words[i + 1]]);
                }
                else if (words[i].StartsWith("--" + name + "=", StringComparison.Ordinal))
                {
                    flags.Add(words[i]);
                }
            }
        }

        var outcome = CommandLineParser.Parse(tree, [.. flags, CompleteNoDescriptions]);
        return outcome.Command ?? throw new InvalidOperationException("the state flags of a completion request do not parse");
    }

    private sealed class ConnectOnce(Func<Hosting.IEngineServices> connect) : IDisposable
    {
        private Hosting.IEngineServices? _engine;

        public Hosting.IEngineServices Engine => _engine ??= connect();

        public void Dispose() => (_engine as IDisposable)?.Dispose();
    }
}
