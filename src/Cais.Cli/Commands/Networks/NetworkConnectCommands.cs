using Cais.Cli.CommandLine;

namespace Cais.Cli.Commands.Networks;

/// <summary><c>cais network connect|disconnect</c>: join or leave a network, now if running and on every later start.</summary>
public static class NetworkConnectCommands
{
    public static CommandSpec Connect() => new("connect", "Connect a container to a network")
    {
        Usage = "cais network connect [OPTIONS] NETWORK CONTAINER",
        MinArgs = 2,
        MaxArgs = 2,
        Options =
        [
            OptionSpec.Strings("alias", null, "Add network-scoped alias for the container"),
            OptionSpec.Str("ip", null, "IPv4 address (e.g., \"172.30.100.104\")"),
        ],
        Handler = Handler.Of(async (context, ct) =>
        {
            var args = context.Args;
            await context.Containers.ConnectAsync(args.Positionals[1], args.Positionals[0], args.GetString("ip"), args.GetList("alias"), ct)
                .ConfigureAwait(false);
            return 0;
        }),
    };

    public static CommandSpec Disconnect() => new("disconnect", "Disconnect a container from a network")
    {
        Usage = "cais network disconnect [OPTIONS] NETWORK CONTAINER",
        MinArgs = 2,
        MaxArgs = 2,
        Options = [OptionSpec.Flag("force", 'f', "Force the container to disconnect from a network")],
        Handler = Handler.Of(async (context, ct) =>
        {
            var args = context.Args;
            await context.Containers.DisconnectAsync(args.Positionals[1], args.Positionals[0], args.GetBool("force"), ct).ConfigureAwait(false);
            return 0;
        }),
    };
}
