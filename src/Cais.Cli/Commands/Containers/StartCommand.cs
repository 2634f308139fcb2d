using Cais.Cli.CommandLine;
using Cais.Common;

namespace Cais.Cli.Commands.Containers;

public static class StartCommand
{
    public static CommandSpec Spec() => new("start", "Start one or more stopped containers")
    {
        Usage = "cais start [OPTIONS] CONTAINER [CONTAINER...]",
        MinArgs = 1,
        Options =
        [
            OptionSpec.Flag("attach", 'a', "Attach STDOUT/STDERR and forward signals"),
            OptionSpec.Flag("interactive", 'i', "Attach container's STDIN"),
        ],
        Handler = Handler.Of(RunAsync),
    };

    private static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var containers = context.Containers;
        if (context.Args.GetBool("attach") || context.Args.GetBool("interactive"))
        {
            if (context.Args.Positionals.Count > 1)
            {
                throw EngineException.Invalid("you cannot start and attach multiple containers at once");
            }

            // A command that cannot be launched is the error printer's to report (exit 1, unlike run's 126/127).
            var record = await containers.GetAsync(context.Args.Positionals[0], cancellationToken).ConfigureAwait(false);
            return await ForegroundSession.RunAsync(context.Containers, record, context.Args.GetBool("interactive") && record.Settings.OpenStdin,
                record.Settings.Tty).ConfigureAwait(false);
        }

        var failed = new List<string>();
        var status = await EachContainer.RunAsync(context, async name =>
        {
            try
            {
                await containers.StartAsync(name, null, cancellationToken).ConfigureAwait(false);
            }
            catch (EngineException)
            {
                failed.Add(name);
                throw;
            }

            return name;
        }).ConfigureAwait(false);
        if (failed.Count > 0)
        {
            // Docker's start sums up after the per-container errors, in a line of its own.
            await context.Errors.ClientErrorAsync("Error: failed to start containers: " + string.Join(", ", failed)).ConfigureAwait(false);
        }

        return status;
    }
}
