using Cais.Cli.CommandLine;
using Cais.Distribution;

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
            var login = new RegistryLogin(await context.Engine.RegistryAsync(cancellationToken).ConfigureAwait(false), context.Engine.Credentials);
            var display = RegistryLogin.DisplayName(server);
            if (await login.LogoutAsync(server, cancellationToken).ConfigureAwait(false))
            {
                await context.Out.WriteLineAsync($"Removing login credentials for {display}").ConfigureAwait(false);
            }
            else
            {
                await context.Out.WriteLineAsync($"Not logged in to {display}").ConfigureAwait(false);
            }

            return 0;
        }),
    };
}
