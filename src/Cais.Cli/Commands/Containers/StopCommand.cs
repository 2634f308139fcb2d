using Cais.Cli.CommandLine;

namespace Cais.Cli.Commands.Containers;

public static class StopCommand
{
    public static CommandSpec Spec() => new("stop", "Stop one or more running containers")
    {
        Usage = "cais stop [OPTIONS] CONTAINER [CONTAINER...]",
        MinArgs = 1,
        Options =
        [
            OptionSpec.Str("signal", 's', "Signal to send to the container"),
            OptionSpec.Integer("time", 't', "Seconds to wait before killing the container"),
        ],
        Handler = Handler.Of((context, ct) => EachContainer.RunAsync(context, async name =>
        {
            int? time = context.Args.IsSet("time") ? context.Args.GetInt("time") : null;
            await context.Containers.StopAsync(name, time, context.Args.GetString("signal"), ct).ConfigureAwait(false);
            return name;
        })),
    };
}
