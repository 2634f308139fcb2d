using System.Diagnostics;
using Cais.Common;
using Cais.Linux;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

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
            var started = Stopwatch.GetTimestamp();
            var argv = new List<string> { options.RuntimePath, "--root", options.RuntimeRoot, "--log", logPath, "--log-format", "json" };
            argv.AddRange(args);
            var (outRead, outWrite) = NativeFd.CreatePipe();
            var (errRead, errWrite) = NativeFd.CreatePipe();
            int pid;
            using (outWrite)
            using (errWrite)
            {
                pid = NativeProcess.Spawn(new SpawnRequest
                {
                    Path = options.RuntimePath,
                    Arguments = argv,
                    Stdout = outWrite,
                    Stderr = errWrite,
                });
            }

            var stdout = ReadAllAsync(outRead);
            var stderr = ReadAllAsync(errRead);
            var exitCode = await NativeProcess.WaitOrKillAsync(pid, cancellationToken).ConfigureAwait(false);
            if (options.Logger.IsEnabled(LogLevel.Debug))
            {
                Log.RuntimeCommand(options.Logger, string.Join(' ', argv), exitCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            var outText = await stdout.ConfigureAwait(false);
            var errText = await stderr.ConfigureAwait(false);
            string? error = null;
            if (exitCode != 0)
            {
                error = RuncErrors.LastLoggedError(logPath) ?? (errText.Trim().Length > 0 ? errText.Trim() : $"{Path.GetFileName(options.RuntimePath)} {args[0]} exited with status {exitCode}");
            }

            return new Result(exitCode, outText, errText, error);
        }
        finally
        {
            TryDelete(logDir.FullName);
        }
    }

    private static async Task<string> ReadAllAsync(SafeFileHandle handle)
    {
        await using var stream = new FileStream(handle, FileAccess.Read, 1);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(CancellationToken.None).ConfigureAwait(false);
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
