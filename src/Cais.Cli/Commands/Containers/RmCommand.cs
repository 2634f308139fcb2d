using Cais.Cli.CommandLine;

namespace Cais.Cli.Commands.Containers;

public static class RmCommand
{
    public static CommandSpec Spec(string name = "rm") => new(name, "Remove one or more containers")
    {
        Usage = name == "rm" ? "cais rm [OPTIONS] CONTAINER [CONTAINER...]" : "cais container rm [OPTIONS] CONTAINER [CONTAINER...]",
        Aliases = name == "rm" ? [] : ["remove"],
        MinArgs = 1,
        Options =
        [
            OptionSpec.Flag("force", 'f', "Force the removal of a running container (uses SIGKILL)"),
            OptionSpec.Flag("volumes", 'v', "Remove anonymous volumes associated with the container"),
        ],
        Handler = Handler.Of((context, ct) => EachContainer.RunAsync(context, async target =>
        {
            await context.Containers.RemoveAsync(target, context.Args.GetBool("force"), ct).ConfigureAwait(false);
            return target;
        }, missingIsFailure: !context.Args.GetBool("force"))),
    };
}
