using Cais.Common;
using Cais.Linux.Commands;

namespace Cais.Runtime;

/// <summary>Runs one short runc command (start, kill, delete, state) and captures its output and JSON error log.</summary>
internal static class RuncCommand
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr, string? Error);

    public static async Task<Result> RunAsync(ConmonRuntimeOptions options, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var logDir = Directory.CreateTempSubdirectory("cais-runc-");
        var logPath = Path.Combine(logDir.FullName, "log.json");
        try
        {
            var result = await options.Commands.RunAsync(
                new CommandRequest { Program = options.RuntimePath, Arguments = ["--root", options.RuntimeRoot, "--log", logPath, "--log-format", "json", .. args] },
                cancellationToken).ConfigureAwait(false);
            string? error = null;
            if (result.ExitCode != 0)
            {
                var errText = result.Stderr.Trim();
                error = RuncErrors.LastLoggedError(logPath) ?? (errText.Length > 0 ? errText : $"{Path.GetFileName(options.RuntimePath)} {args[0]} exited with status {result.ExitCode}");
            }

            return new Result(result.ExitCode, result.Stdout, result.Stderr, error);
        }
        finally
        {
            TryDelete(logDir.FullName);
        }
    }

    internal static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static EngineException Fail(Result result) => RuncErrors.ToException(result.Error ?? "OCI runtime failed");
}
