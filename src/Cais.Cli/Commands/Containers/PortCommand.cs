using Cais.Cli.CommandLine;
using Cais.Cli.Rendering;

namespace Cais.Cli.Commands.Containers;

/// <summary><c>cais port CONTAINER [PRIVATE_PORT[/PROTO]]</c>: the host addresses a container's ports are published on.</summary>
public static class PortCommand
{
    public static CommandSpec Spec() => new("port", "List port mappings or a specific mapping for the container")
    {
        Usage = "cais port CONTAINER [PRIVATE_PORT[/PROTO]]",
        MinArgs = 1,
        MaxArgs = 2,
        Handler = Handler.Of(RunAsync),
    };

    private static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var name = context.Args.Positionals[0];
        var ports = await context.Containers.PortsAsync(name, cancellationToken).ConfigureAwait(false);
        var privatePort = context.Args.Positionals.Count > 1 ? context.Args.Positionals[1] : null;
        foreach (var line in PortFormatter.PortCommandLines(ports, privatePort, name))
        {
            await context.Out.WriteLineAsync(line).ConfigureAwait(false);
        }

        return 0;
    }
}
