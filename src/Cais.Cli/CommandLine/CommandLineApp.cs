using System.Runtime.InteropServices;

namespace Cais.Cli.CommandLine;

/// <summary>Parses argv against a command tree, prints help/errors like docker and runs the chosen handler.</summary>
public sealed class CommandLineApp
{
    /// <summary>Conventional exit code for a run interrupted by Ctrl+C (128 + SIGINT).</summary>
    public const int CanceledExitCode = 130;

    private readonly CommandSpec _root;
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    public CommandLineApp(CommandSpec root, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        _root = root;
        _stdout = stdout;
        _stderr = stderr;
    }

    /// <summary>Printed for <c>-v/--version</c> without a command.</summary>
    public string VersionText { get; init; } = "cais version 0.0.0";

    /// <summary>Terminal width used to wrap option descriptions (docker assumes 80 when not on a terminal).</summary>
    public int HelpWidth { get; init; } = 80;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var outcome = CommandLineParser.Parse(_root, args);
        switch (outcome.Kind)
        {
            case ParseOutcomeKind.Error:
                await _stderr.WriteAsync(outcome.ErrorText.AsMemory(), cancellationToken).ConfigureAwait(false);
                await _stderr.FlushAsync(cancellationToken).ConfigureAwait(false);
                return outcome.ExitCode;
            case ParseOutcomeKind.Help:
                var help = HelpFormatter.Render(outcome.Target!, outcome.TargetPath, HelpWidth);
                var writer = outcome.HelpToStderr ? _stderr : _stdout;
                await writer.WriteAsync(help.AsMemory(), cancellationToken).ConfigureAwait(false);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            case ParseOutcomeKind.Version:
                await _stdout.WriteAsync((VersionText + "\n").AsMemory(), cancellationToken).ConfigureAwait(false);
                await _stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                return 0;
        }

        var parsed = outcome.Command!;
        if (parsed.Command.Handler is not { } handler)
        {
            await _stderr.WriteAsync($"{_root.Name}: '{string.Join(' ', parsed.CommandPath)}' is not implemented\n".AsMemory(), cancellationToken).ConfigureAwait(false);
            return CommandLineParser.ArgumentErrorExitCode;
        }

        try
        {
            return await handler(parsed, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return CanceledExitCode;
        }
    }

    /// <summary>Runs with the process console: Ctrl+C cancels the handler's token instead of killing the process.</summary>
    public static async Task<int> RunWithConsoleAsync(CommandSpec root, IReadOnlyList<string> args, string versionText)
    {
        using var cts = new CancellationTokenSource();
        // The first Ctrl+C asks the handler to stop cleanly; a second one terminates as usual. A PosixSignal
        // registration (not Console.CancelKeyPress) keeps .NET's terminal handling, and its habit of re-applying
        // terminal settings, switched off: raw-mode sessions depend on that.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            if (!cts.IsCancellationRequested)
            {
                context.Cancel = true;
                cts.Cancel();
            }
        });
        var width = !Console.IsOutputRedirected && Cais.Linux.Terminal.Size(1) is { } size ? size.Columns : 80;
        var app = new CommandLineApp(root, Console.Out, Console.Error) { VersionText = versionText, HelpWidth = width };
        return await app.RunAsync(args, cts.Token).ConfigureAwait(false);
    }

}
