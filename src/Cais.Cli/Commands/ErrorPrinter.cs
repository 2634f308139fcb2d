using Cais.Cli.CommandLine;
using Cais.Cli.Rendering;
using Cais.Common;
using Cais.Runtime;

namespace Cais.Cli.Commands;

/// <summary>
/// The one place that turns a failure into Docker's line on stderr and Docker's exit code: engine errors print
/// "Error response from daemon: …" (prefixed "cais: " for run and create, as Docker prefixes "docker: "), a command
/// that cannot be launched the same with 126/127 for run, a bad --format template Go's message (exit 64 when it does not
/// parse), and anything else one "Error: …" line. The failure code is 125 for run/create and 1 for the others.
/// </summary>
public sealed class ErrorPrinter(TextWriter error, string prefix, int failureCode, bool launchFailureExitCodes)
{
    /// <summary>Docker's exit code when run or create fails before the container's command runs.</summary>
    public const int RunFailureCode = 125;

    /// <summary>
    /// The printer of a parsed command: run and create (the commands that fail with <see cref="RunFailureCode"/>) get
    /// Docker's prefix, and run the launch exit codes; the others, including <c>network create</c>, print plain lines.
    /// </summary>
    public static ErrorPrinter For(ParsedCommand parsed, TextWriter error, int failureCode)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var creates = failureCode == RunFailureCode;
        return new ErrorPrinter(error, creates ? "cais: " : "", failureCode, launchFailureExitCodes: creates && parsed.CommandPath[^1] == "run");
    }

    /// <summary>"cais: " for run/create, "" otherwise.</summary>
    public string Prefix => prefix;

    public int FailureCode => failureCode;

    /// <summary>An engine error, one line; multi-target commands print one per target that failed and go on.</summary>
    public Task DaemonErrorAsync(string message) => error.WriteLineAsync($"{prefix}Error response from daemon: {message}");

    /// <summary>Prints the failure that ended a command and returns the command's exit code.</summary>
    public async Task<int> ReportAsync(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (CommandLaunchException.ExitCodeOf(exception) is { } launchCode)
        {
            // Docker's 126 (cannot run) and 127 (not found) for run, with the runtime's reason.
            await DaemonErrorAsync(exception.Message).ConfigureAwait(false);
            return launchFailureExitCodes && launchCode is 126 or 127 ? launchCode : failureCode;
        }

        switch (exception)
        {
            case EngineException e:
                await DaemonErrorAsync(e.Message).ConfigureAwait(false);
                return failureCode;
            case Containers.ContainerIdFileException e:
                await error.WriteLineAsync(prefix + e.Message).ConfigureAwait(false);
                return failureCode;
            case TemplateException e:
                await error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return e.IsParseError ? TemplateException.ParseErrorExitCode : 1;
            default:
                // Not an engine error: a bug or an unforeseen failure. Still one line and Docker's exit code.
                await error.WriteLineAsync(UnexpectedLine(prefix, exception)).ConfigureAwait(false);
                return failureCode;
        }
    }

    /// <summary>One line naming a failure that is not an engine error, e.g. "Error: no space left on device (...)".</summary>
    public static string UnexpectedLine(string prefix, Exception? exception) => $"{prefix}Error: {Describe(exception)}";

    private static string Describe(Exception? exception)
    {
        var text = exception switch
        {
            null => "unknown failure",
            _ when DiskFull.Caused(exception) => "no space left on device (the disk holding the cais state is full)",
            AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
            EngineException or IOException or UnauthorizedAccessException or TimeoutException => exception.Message,
            _ => $"unexpected {exception.GetType().Name}: {exception.Message}",
        };
        return text.ReplaceLineEndings(" ").Trim();
    }
}
