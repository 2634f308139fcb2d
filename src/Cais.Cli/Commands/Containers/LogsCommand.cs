using System.Globalization;
using System.Text;
using Cais.Cli.CommandLine;
using Cais.Common;
using Cais.Containers.Logs;

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
        var containers = context.Engine.Containers;
        var record = await containers.GetAsync(context.Args.Positionals[0], cancellationToken).ConfigureAwait(false);
        var tailText = context.Args.GetString("tail") ?? "all";
        int? tail = tailText == "all" ? null
            : int.TryParse(tailText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? (n < 0 ? null : n)
            : throw EngineException.Invalid($"invalid tail value: {tailText}");
        var timestamps = context.Args.GetBool("timestamps");
        await using var stdout = StandardStreams.Output();
        await using var stderr = StandardStreams.Error();
        async Task<bool> Running() => (await containers.GetAsync(record.Id, cancellationToken).ConfigureAwait(false)).State.Status is "running" or "paused";
        await foreach (var entry in LogReader.ReadAsync(containers.LogPath(record.Id), tail, context.Args.GetBool("follow"), Running, cancellationToken).ConfigureAwait(false))
        {
            var line = timestamps ? entry.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) + " " + entry.Text : entry.Text;
            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            await (entry.IsStderr ? stderr : stdout).WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }
}
