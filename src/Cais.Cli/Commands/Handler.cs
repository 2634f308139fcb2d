using Cais.Cli.CommandLine;
using Cais.Cli.Rendering;
using Cais.Common;

namespace Cais.Cli.Commands;

/// <summary>
/// Adapts a command body to the parser's handler shape and maps failures to Docker's output and exit codes in one
/// place: engine errors print "Error response from daemon: …" and exit with <c>failureCode</c> (1 for most commands,
/// 125 for run/create, as Docker does); anything else prints one "Error: …" line with the same exit code.
/// </summary>
public static class Handler
{
    public static Func<ParsedCommand, CancellationToken, Task<int>> Of(Func<CommandContext, CancellationToken, Task<int>> body, int failureCode = 1) =>
        async (parsed, cancellationToken) =>
        {
            LastResort.Arm(Prefix(parsed), failureCode);
            using var context = new CommandContext(parsed, Console.Out, Console.Error);
            try
            {
                return await body(context, cancellationToken).ConfigureAwait(false);
            }
            catch (EngineException e)
            {
                await context.Error.WriteLineAsync($"{Prefix(parsed)}Error response from daemon: {e.Message}").ConfigureAwait(false);
                return failureCode;
            }
            catch (TemplateException e)
            {
                await context.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return e.IsParseError ? TemplateException.ParseErrorExitCode : 1;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Not an engine error: a bug or an unforeseen failure. Still one line and Docker's exit code.
                await context.Error.WriteLineAsync(LastResort.Line(e)).ConfigureAwait(false);
                return failureCode;
            }
        };

    /// <summary>Docker prefixes errors of run/create with "docker: "; we say "cais: ".</summary>
    private static string Prefix(ParsedCommand parsed) =>
        parsed.CommandPath.Count > 0 && parsed.CommandPath[^1] is "run" or "create" ? "cais: " : "";
}
