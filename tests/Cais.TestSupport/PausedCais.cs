using Cais.Linux;

namespace Cais.TestSupport;

/// <summary>
/// Crash tests at an exact step: runs one cais command with <see cref="TestPausePoint"/>'s variable set, waits until
/// the process stopped itself at that point, and SIGKILLs it there.
/// </summary>
public static class PausedCais
{
    public const string Variable = "CAIS_TEST_PAUSE_AT";

    public static async Task KillAtAsync(CaisCli cais, string point, params string[] args)
    {
        using var process = await PauseAtAsync(cais, point, args);
        process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>
    /// Runs the command until it stopped itself at <paramref name="point"/> and returns it stopped there, holding
    /// whatever it holds at that point; SIGCONT resumes it.
    /// </summary>
    public static async Task<System.Diagnostics.Process> PauseAtAsync(CaisCli cais, string point, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(cais);
        var process = cais.Start(args, new Dictionary<string, string> { [Variable] = point });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!IsStopped(process.Id))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var reason = process.HasExited ? $"exited with {process.ExitCode}" : "is still running";
                process.Kill();
                await process.WaitForExitAsync();
                var stderr = await process.StandardError.ReadToEndAsync();
                process.Dispose();
                throw new InvalidOperationException($"`cais {string.Join(' ', args)}` never reached {point}: it {reason}; stderr: {stderr}");
            }

            await Task.Delay(10);
        }

        return process;
    }

    /// <summary>Whether the process is in state T (stopped by a signal), from /proc/PID/stat.</summary>
    private static bool IsStopped(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] == 'T';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
