using Cais.Common;

namespace Cais.Cli.Commands.Containers;

/// <summary>
/// Docker's multi-target commands (stop, kill, rm, start, wait): act on each argument, print it on success, report
/// each failure and exit 1 if any failed.
/// </summary>
public static class EachContainer
{
    public static Task<int> RunAsync(CommandContext context, Func<string, Task<string?>> action) =>
        RunAsync(context, action, missingIsFailure: true);

    /// <param name="missingIsFailure">
    /// False for <c>rm -f</c>: Docker 28 still prints "No such container" but a missing target does not fail the
    /// command, so cleanup lines in <c>set -e</c> scripts go on.
    /// </param>
    public static async Task<int> RunAsync(CommandContext context, Func<string, Task<string?>> action, bool missingIsFailure)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(action);
        var failed = new List<string>();
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
                await context.Errors.TargetErrorAsync(e).ConfigureAwait(false);
                if (missingIsFailure || e.Kind != ErrorKind.NotFound)
                {
                    failed.Add(name);
                }
            }
        }

        return failed.Count == 0 ? 0 : 1;
    }
}
