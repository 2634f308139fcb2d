using System.Globalization;
using Cais.Cli.CommandLine;
using Cais.Common;

namespace Cais.Cli.Commands.Containers;

public static class LogsCommand
{
    public static CommandSpec Spec() => new("logs", "Fetch the logs of a container")
    {
        Usage = "cais logs [OPTIONS] CONTAINER",
        MinArgs = 1,
        MaxArgs = 1,
        Options =
        [
            OptionSpec.Flag("follow", 'f', "Follow log output"),
            OptionSpec.Str("tail", 'n', "Number of lines to show from the end of the logs", "all"),
            OptionSpec.Flag("timestamps", 't', "Show timestamps"),
        ],
        Handler = Handler.Of(RunAsync),
    };

    private static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        // An unknown container is reported before a bad --tail value, as Docker does.
        var record = await context.Containers.GetAsync(context.Args.Positionals[0], cancellationToken).ConfigureAwait(false);
        var tailText = context.Args.GetString("tail") ?? "all";
        int? tail = tailText == "all" ? null
            : int.TryParse(tailText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? (n < 0 ? null : n)
            : throw EngineException.Invalid($"invalid tail value: {tailText}");
        var log = await context.Containers.LogsAsync(record.Id, tail, context.Args.GetBool("follow"), cancellationToken).ConfigureAwait(false);
        await using var stdout = StandardStreams.Output();
        await using var stderr = StandardStreams.Error();
        var output = new LogOutput(stdout, stderr, context.Args.GetBool("timestamps"));
        var entries = log.GetAsyncEnumerator(cancellationToken);
        await using (entries.ConfigureAwait(false))
        {
            while (true)
            {
                var next = entries.MoveNextAsync();
                if (!next.IsCompleted)
                {
                    // The reader is waiting (for the disk, or for a followed container to write): show what we have.
                    await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                if (!await next.ConfigureAwait(false))
                {
                    break;
                }

                await output.WriteAsync(entries.Current, cancellationToken).ConfigureAwait(false);
            }
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
