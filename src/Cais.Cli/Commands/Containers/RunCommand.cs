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
        if (args.GetBool("detach") && args.GetList("attach").Count > 0)
        {
            // The docker CLI's own refusal: no prefix, exit 1.
            await context.Error.WriteLineAsync("conflicting options: cannot specify both --attach and --detach").ConfigureAwait(false);
            return 1;
        }

        var options = await CreateFlags.BuildAsync(args, cancellationToken).ConfigureAwait(false);
        if (!args.GetBool("detach"))
        {
            NotATerminalException.ThrowIfNeeded(options.OpenStdin, options.Tty);

            // As the docker CLI: an attached run with -i closes stdin when it detaches (-d attaches nothing: see AttachStreams).
            options = options with { StdinOnce = options.AttachStdin };
        }

        var containers = context.Containers;
        var record = await CreateFlags.CreateAsync(context, options, cancellationToken).ConfigureAwait(false);
        try
        {
            if (args.GetBool("detach"))
            {
                await containers.StartAsync(record.Id, null, cancellationToken).ConfigureAwait(false);
                await context.Out.WriteLineAsync(record.Id).ConfigureAwait(false);
                return 0;
            }

            var exitCode = await ForegroundSession.RunAsync(context.Containers, record, options.OpenStdin, options.Tty,
                new AttachStreams(options.AttachStdin, options.AttachStdout, options.AttachStderr)).ConfigureAwait(false);
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
