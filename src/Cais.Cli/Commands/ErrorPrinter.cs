using Cais.Cli.CommandLine;
using Cais.Cli.Rendering;
using Cais.Common;
using Cais.Runtime;

namespace Cais.Cli.Commands;

/// <summary>
/// The one place that turns a failure into Docker's line on stderr and Docker's exit code. Engine errors print
/// "Error response from daemon: …"; errors the docker CLI raises itself (<see cref="EngineException.IsClientError"/>:
/// bad -p or -v syntax, a bad image reference) print bare. run and create prefix "cais: " as Docker prefixes "docker: "
/// and fail with 125 (run 126/127 when the command cannot be launched), and follow an input error with Docker's
/// "Run '… --help'" line. (Docker's create exits 1 unprefixed when the daemon refuses; Cais keeps 125 until every
/// check the docker CLI makes itself is marked as a client error, so that create's input errors keep their 125.) A bad --format template prints Go's message (exit 64 when it does not parse), anything else
/// one "Error: …" line.
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
        var runs = creates && parsed.CommandPath[^1] == "run";
        return new ErrorPrinter(error, creates ? "cais: " : "", failureCode, launchFailureExitCodes: runs)
        {
            UsageCommand = creates ? string.Join(' ', parsed.CommandPath) : null,
        };
    }

    /// <summary>run/create's command path ("cais run"), named in Docker's "Run 'cais run --help' …" after an input error.</summary>
    public string? UsageCommand { get; init; }


    /// <summary>"cais: " for run/create, "" otherwise.</summary>
    public string Prefix => prefix;

    public int FailureCode => failureCode;

    /// <summary>An engine error, one line; multi-target commands print one per target that failed and go on.</summary>
    public Task DaemonErrorAsync(string message) => error.WriteLineAsync($"{prefix}Error response from daemon: {message}");

    /// <summary>
    /// One target's failure in a multi-target command: the engine's errors after "Error response from daemon: ", the
    /// errors the docker CLI raises itself (inspect's "Error: No such object: x") as they are.
    /// </summary>
    public Task TargetErrorAsync(EngineException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.IsClientError ? ClientErrorAsync(exception.Message) : DaemonErrorAsync(exception.Message);
    }

    /// <summary>An error the docker CLI raises itself, printed as it is (e.g. "Error: No such object: x").</summary>
    public Task ClientErrorAsync(string message) => error.WriteLineAsync(prefix + message);

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
            case EngineException { IsClientError: true } e:
                var usage = UsageCommand is null ? "" : $"\n\nRun '{UsageCommand} --help' for more information";
                await error.WriteLineAsync($"{prefix}{e.Message}{usage}").ConfigureAwait(false);
                return failureCode;
            case EngineException e:
                await DaemonErrorAsync(e.Message).ConfigureAwait(false);
                return failureCode;
            case Containers.ContainerIdFileException e:
                await error.WriteLineAsync(prefix + e.Message).ConfigureAwait(false);
                return failureCode;
            case NotATerminalException e:
                await error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 1;
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
