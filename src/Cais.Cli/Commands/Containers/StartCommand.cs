using Cais.Cli.CommandLine;
using Cais.Common;
using Cais.Runtime;

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
        var containers = context.Engine.Containers;
        if (context.Args.GetBool("attach") || context.Args.GetBool("interactive"))
        {
            if (context.Args.Positionals.Count > 1)
            {
                throw EngineException.Invalid("you cannot start and attach multiple containers at once");
            }

            var record = await containers.GetAsync(context.Args.Positionals[0], cancellationToken).ConfigureAwait(false);
            try
            {
                return await ForegroundSession.RunAsync(context.Engine, record, context.Args.GetBool("interactive") && record.Settings.OpenStdin,
                    record.Settings.Tty).ConfigureAwait(false);
            }
            catch (Exception e) when (CommandLaunchException.ExitCodeOf(e) is not null)
            {
                await context.Error.WriteLineAsync("Error response from daemon: " + e.Message).ConfigureAwait(false);
                return 1;
            }
        }

        return await EachContainer.RunAsync(context, async name =>
        {
            await containers.StartAsync(name, null, cancellationToken).ConfigureAwait(false);
            return name;
        }).ConfigureAwait(false);
    }
}
