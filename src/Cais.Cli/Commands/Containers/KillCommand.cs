using Cais.Cli.CommandLine;

namespace Cais.Cli.Commands.Containers;

public static class KillCommand
{
    public static CommandSpec Spec() => new("kill", "Kill one or more running containers")
    {
        Usage = "cais kill [OPTIONS] CONTAINER [CONTAINER...]",
        MinArgs = 1,
        Options = [OptionSpec.Str("signal", 's', "Signal to send to the container")],
        Handler = Handler.Of((context, ct) => EachContainer.RunAsync(context, async name =>
        {
            await context.Containers.KillAsync(name, context.Args.GetString("signal"), ct).ConfigureAwait(false);
            return name;
        })),
    };
}
