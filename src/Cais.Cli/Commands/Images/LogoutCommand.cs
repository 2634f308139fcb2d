using Cais.Cli.CommandLine;

namespace Cais.Cli.Commands.Images;

public static class LogoutCommand
{
    public static CommandSpec Spec() => new("logout", "Log out from a registry")
    {
        Usage = "cais logout [SERVER]",
        LongDescription = "Log out from a registry.\nIf no server is specified, the default is defined by the daemon.",
        IsCommon = true,
        MaxArgs = 1,
        Handler = Handler.Of(async (context, cancellationToken) =>
        {
            var server = context.Args.Positionals.Count == 1 ? context.Args.Positionals[0] : null;
            var logout = await context.Registries.LogoutAsync(server, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync(logout.WasLoggedIn ? $"Removing login credentials for {logout.Registry}" : $"Not logged in to {logout.Registry}").ConfigureAwait(false);

            return 0;
        }),
    };
}
