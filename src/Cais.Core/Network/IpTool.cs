using Cais.Common;
using Cais.Linux.Commands;

namespace Cais.Network;

/// <summary>
/// Runs iproute2's `ip` for the few one-time bridge operations (create, address, delete): once per network, never on
/// a container's start path, so a process start is cheaper than a netlink implementation of our own.
/// </summary>
internal sealed class IpTool(ICommandRunner commands)
{
    /// <summary>Runs `ip ARGS`; returns its stdout, or throws with its stderr when it fails and <paramref name="check"/> is set.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments, bool check, CancellationToken cancellationToken)
    {
        var result = await commands.RunAsync(new CommandRequest { Program = ExecutableSearch.Find("ip"), Arguments = arguments }, cancellationToken)
            .ConfigureAwait(false);
        if (check && result.ExitCode != 0)
        {
            throw new EngineException(ErrorKind.Unknown, $"ip {string.Join(' ', arguments)}: {result.Stderr.Trim()}");
        }

        return (result.ExitCode, result.Stdout);
    }

    public static bool LinkExists(string name) => Directory.Exists(Path.Combine("/sys/class/net", name));
}
