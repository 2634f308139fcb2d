using System.Diagnostics;
using Cais.Common;

namespace Cais.Network;

/// <summary>
/// Runs iproute2's `ip` for the few one-time bridge operations (create, address, delete): once per network, never on
/// a container's start path, so a process start is cheaper than a netlink implementation of our own.
/// </summary>
internal static class IpTool
{
    /// <summary>Runs `ip ARGS`; returns its stdout, or throws with its stderr when it fails and <paramref name="check"/> is set.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments, bool check, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psi) ?? throw new EngineException(ErrorKind.Unknown, "cannot run ip");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var output = await stdout.ConfigureAwait(false);
        var error = await stderr.ConfigureAwait(false);
        if (check && process.ExitCode != 0)
        {
            throw new EngineException(ErrorKind.Unknown, $"ip {string.Join(' ', arguments)}: {error.Trim()}");
        }

        return (process.ExitCode, output);
    }

    public static bool LinkExists(string name) => Directory.Exists(Path.Combine("/sys/class/net", name));
}
