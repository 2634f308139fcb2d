using System.Globalization;
using Cais.Cli.CommandLine;

namespace Cais.Cli.Commands.Containers;

public static class WaitCommand
{
    public static CommandSpec Spec() => new("wait", "Block until one or more containers stop, then print their exit codes")
    {
        Usage = "cais wait CONTAINER [CONTAINER...]",
        MinArgs = 1,
        Handler = Handler.Of((context, ct) => EachContainer.RunAsync(context, async name =>
            (await context.Containers.WaitAsync(name, ct).ConfigureAwait(false)).ToString(CultureInfo.InvariantCulture))),
    };
}
