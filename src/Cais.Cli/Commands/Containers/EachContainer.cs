using Cais.Common;

namespace Cais.Cli.Commands.Containers;

/// <summary>
/// Docker's multi-target commands (stop, kill, rm, start, wait): act on each argument, print it on success, report
/// each failure and exit 1 if any failed.
/// </summary>
public static class EachContainer
{
    public static async Task<int> RunAsync(CommandContext context, Func<string, Task<string?>> action)
    {
        var status = 0;
        foreach (var name in context.Args.Positionals)
        {
            try
            {
                var output = await action(name).ConfigureAwait(false);
                if (output is not null)
                {
                    await context.Out.WriteLineAsync(output).ConfigureAwait(false);
                }
            }
            catch (EngineException e)
            {
                await context.Errors.DaemonErrorAsync(e.Message).ConfigureAwait(false);
                status = 1;
            }
        }

        return status;
    }
}
