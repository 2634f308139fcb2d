using Cais.Cli.CommandLine;

namespace Cais.Cli.Commands.Containers;

public static class RunCommand
{
    public static CommandSpec Spec() => new("run", "Create and run a new container from an image")
    {
        Usage = "cais run [OPTIONS] IMAGE [COMMAND] [ARG...]",
        IsCommon = true,
        MinArgs = 1,
        StopAtFirstPositional = true,
        Options = [.. CreateFlags.Options, OptionSpec.Flag("detach", 'd', "Run container in background and print container ID")],
        Handler = Handler.Of(RunAsync, failureCode: ErrorPrinter.RunFailureCode),
    };

    private static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var args = context.Args;
        var options = await CreateFlags.BuildAsync(args, cancellationToken).ConfigureAwait(false);
        if (!args.GetBool("detach"))
        {
            NotATerminalException.ThrowIfNeeded(options.OpenStdin, options.Tty);
        }

        await ImageEnsurer.EnsureAsync(context.Images, options.Image, args.GetString("pull") ?? "missing",
            args.GetString("platform"), args.GetBool("quiet"), context.Error, cancellationToken).ConfigureAwait(false);
        var containers = context.Containers;
        var record = await containers.CreateAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            if (args.GetBool("detach"))
            {
                await containers.StartAsync(record.Id, null, cancellationToken).ConfigureAwait(false);
                await context.Out.WriteLineAsync(record.Id).ConfigureAwait(false);
                return 0;
            }

            var exitCode = await ForegroundSession.RunAsync(context.Containers, record, options.OpenStdin, options.Tty).ConfigureAwait(false);
            if (options.AutoRemove)
            {
                await containers.RemoveAsync(record, force: true, CancellationToken.None).ConfigureAwait(false);
            }

            return exitCode;
        }
        catch when (options.AutoRemove)
        {
            await containers.RemoveAsync(record, force: true, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }
}
