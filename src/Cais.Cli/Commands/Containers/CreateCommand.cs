using Cais.Cli.CommandLine;

namespace Cais.Cli.Commands.Containers;

public static class CreateCommand
{
    public static CommandSpec Spec() => new("create", "Create a new container")
    {
        Usage = "cais create [OPTIONS] IMAGE [COMMAND] [ARG...]",
        MinArgs = 1,
        StopAtFirstPositional = true,
        Options = CreateFlags.Options,
        Handler = Handler.Of(RunAsync, failureCode: ErrorPrinter.RunFailureCode),
    };

    private static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var options = await CreateFlags.BuildAsync(context.Args, cancellationToken).ConfigureAwait(false);
        var record = await CreateFlags.CreateAsync(context, options, cancellationToken).ConfigureAwait(false);
        await context.Out.WriteLineAsync(record.Id).ConfigureAwait(false);
        return 0;
    }
}
