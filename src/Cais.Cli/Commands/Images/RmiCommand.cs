using Cais.Cli.CommandLine;
using Cais.Common;

namespace Cais.Cli.Commands.Images;

public static class RmiCommand
{
    public static CommandSpec Spec(string name = "rmi") => new(name, "Remove one or more images")
    {
        Usage = name == "rmi" ? "cais rmi [OPTIONS] IMAGE [IMAGE...]" : "cais image rm [OPTIONS] IMAGE [IMAGE...]",
        Aliases = name == "rm" ? ["rmi", "remove"] : [],
        MinArgs = 1,
        Options =
        [
            OptionSpec.Flag("force", 'f', "Force removal of the image"),
            OptionSpec.Flag("no-prune", null, "Do not delete untagged parents"),
        ],
        Handler = Handler.Of(RunAsync),
    };

    private static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var status = 0;
        foreach (var name in context.Args.Positionals)
        {
            try
            {
                foreach (var item in await context.Images.RemoveAsync(name, context.Args.GetBool("force"), cancellationToken).ConfigureAwait(false))
                {
                    await context.Out.WriteLineAsync(item.Untagged is { } untagged ? "Untagged: " + untagged : "Deleted: " + item.Deleted).ConfigureAwait(false);
                }
            }
            catch (EngineException e)
            {
                // Docker 28's rmi -f still prints "No such image" but only other failures fail the command.
                await context.Errors.DaemonErrorAsync(e.Message).ConfigureAwait(false);
                if (!context.Args.GetBool("force") || e.Kind != ErrorKind.NotFound)
                {
                    status = 1;
                }
            }
        }

        return status;
    }
}
