using Cais.Cli.CommandLine;

namespace Cais.Cli.Commands.Containers;

/// <summary>Hidden: conmon's exit command. Records the exit, releases the rootfs and runtime state, honours --rm.</summary>
public static class CleanupCommand
{
    public static CommandSpec Spec() => new("cleanup", "Clean up a container after it exited (run by the container monitor)")
    {
        Usage = "cais container cleanup CONTAINER",
        Hidden = true,
        MinArgs = 1,
        MaxArgs = 1,
        Handler = Handler.Of(async (context, ct) =>
        {
            await context.Containers.CleanupAsync(context.Args.Positionals[0], ct).ConfigureAwait(false);
            return 0;
        }),
    };
}
