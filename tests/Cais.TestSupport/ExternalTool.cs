using System.Diagnostics;

namespace Cais.TestSupport;

/// <summary>Runs an external program (skopeo, umoci, htpasswd ...) to completion and captures its output.</summary>
public static class ExternalTool
{
    /// <summary>Runs the program; a cancelled token kills it (and its children).</summary>
    public static async Task<ToolResult> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(arguments);
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {program}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ToolResult(program, psi.ArgumentList.ToArray(), process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Runs the program and throws, quoting its stderr, unless it exits 0.</summary>
    public static async Task<ToolResult> RunCheckedAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var result = await RunAsync(program, arguments, cancellationToken).ConfigureAwait(false);
        result.EnsureSuccess();
        return result;
    }
}
