using Cais.Cli.CommandLine;
using Cais.Common;

namespace Cais.Cli.Commands.Images;

public static class LoginCommand
{
    public static CommandSpec Spec() => new("login", "Authenticate to a registry")
    {
        Usage = "cais login [OPTIONS] [SERVER]",
        LongDescription = "Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.",
        IsCommon = true,
        MaxArgs = 1,
        Options =
        [
            OptionSpec.Str("password", 'p', "Password or Personal Access Token (PAT)"),
            OptionSpec.Flag("password-stdin", null, "Take the Password or Personal Access Token (PAT) from stdin"),
            OptionSpec.Str("username", 'u', "Username"),
        ],
        Handler = Handler.Of(RunAsync),
    };

    private static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var args = context.Args;
        var server = args.Positionals.Count == 1 ? args.Positionals[0] : null;
        var user = args.GetString("username");
        var password = args.GetString("password");
        if (args.GetBool("password-stdin"))
        {
            if (password is not null)
            {
                throw EngineException.Invalid("--password and --password-stdin are mutually exclusive");
            }

            password = (await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).TrimEnd('\n', '\r');
        }
        else if (password is not null)
        {
            await context.Error.WriteLineAsync("WARNING! Using --password via the CLI is insecure. Use --password-stdin.").ConfigureAwait(false);
        }

        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password))
        {
            throw EngineException.Invalid("Username and password are required (use -u and -p or --password-stdin)");
        }

        await context.Registries.LoginAsync(server, user, password, cancellationToken).ConfigureAwait(false);
        await context.Out.WriteLineAsync("Login Succeeded").ConfigureAwait(false);
        return 0;
    }
}
