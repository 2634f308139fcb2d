using Cais.Cli.CommandLine;

namespace Cais.Cli.Commands.SystemCommands;

/// <summary>
/// Hidden: runs the reconciliation a long-running service runs at start (<see cref="Containers.IContainerService.ReconcileAsync"/>),
/// so that tests and operators can run it after a crash. Prints one line per container or path it acted on.
/// </summary>
public static class ReconcileCommand
{
    public static CommandSpec Spec() => new("reconcile", "Bring container records in line with what runs, and sweep what dead processes left")
    {
        Usage = "cais system reconcile",
        Hidden = true,
        MaxArgs = 0,
        Handler = Handler.Of(async (context, ct) =>
        {
            var report = await context.Engine.Containers.ReconcileAsync(ct).ConfigureAwait(false);
            foreach (var (verb, items) in new[] { ("adopted", report.Adopted), ("exited", report.MarkedExited), ("released", report.Released), ("swept", report.Orphans) })
            {
                foreach (var item in items)
                {
                    await context.Out.WriteLineAsync($"{verb} {item}").ConfigureAwait(false);
                }
            }

            return 0;
        }),
    };
}
