using System.Diagnostics;
using System.Text;

namespace Cais.Compat.Tests.Harness;

/// <summary>
/// Runs one CLI (the docker client or cais) with its fixed leading arguments, environment and working directory, as a
/// script would: stdin given or closed at once, output captured, killed (with its children) past the timeout.
/// </summary>
public sealed class ProcessRunner(string program, IReadOnlyList<string> leadingArguments, IReadOnlyDictionary<string, string> environment, string workingDirectory)
{
    /// <summary>Variables that would point either client somewhere else than the private instance under test.</summary>
    private static readonly string[] Scrubbed = ["DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_API_VERSION", "CAIS_ROOT", "CAIS_RUNROOT"];

    public string Program { get; } = program;

    public async Task<CommandResult> RunAsync(IReadOnlyList<string> arguments, string? stdin, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in leadingArguments.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in Scrubbed)
        {
            start.Environment.Remove(name);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {Program}");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new CommandResult(-1, await stdout, await stderr + $"\n<killed: no answer within {timeout.TotalSeconds:0} s>");
        }

        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }
}
