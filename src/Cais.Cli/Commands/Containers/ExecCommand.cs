using Cais.Cli.CommandLine;
using Cais.Common;
using Cais.Containers;
using Cais.Linux;
using Cais.Runtime;

namespace Cais.Cli.Commands.Containers;

public static class ExecCommand
{
    public static CommandSpec Spec() => new("exec", "Execute a command in a running container")
    {
        Usage = "cais exec [OPTIONS] CONTAINER COMMAND [ARG...]",
        IsCommon = true,
        MinArgs = 2,
        StopAtFirstPositional = true,
        Options =
        [
            OptionSpec.Flag("detach", 'd', "Detached mode: run command in the background"),
            OptionSpec.Strings("env", 'e', "Set environment variables"),
            OptionSpec.Flag("interactive", 'i', "Keep STDIN open even if not attached"),
            OptionSpec.Flag("privileged", null, "Give extended privileges to the command"),
            OptionSpec.Flag("tty", 't', "Allocate a pseudo-TTY"),
            OptionSpec.Str("user", 'u', "Username or UID (format: \"<name|uid>[:<group|gid>]\")"),
            OptionSpec.Str("workdir", 'w', "Working directory inside the container"),
        ],
        Handler = Handler.Of(RunAsync, failureCode: 1),
    };

    private static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var args = context.Args;
        var options = new ExecOptions
        {
            Cmd = args.Positionals.Skip(1).ToList(),
            Env = args.GetList("env").Select(e => e.Contains('=', StringComparison.Ordinal) ? e : e + "=" + Environment.GetEnvironmentVariable(e)).ToList(),
            WorkingDir = args.GetString("workdir"),
            User = args.GetString("user"),
            Tty = args.GetBool("tty"),
            Interactive = args.GetBool("interactive"),
            Detach = args.GetBool("detach"),
            Privileged = args.GetBool("privileged"),
        };
        var containers = context.Containers;
        if (options.Tty && options.Interactive && !options.Detach && !CommandEnvironment.Current.InputIsTerminal())
        {
            // As Docker: a missing container is reported first, then the terminal.
            _ = await containers.GetAsync(args.Positionals[0], cancellationToken).ConfigureAwait(false);
            NotATerminalException.ThrowIfNeeded(options.Interactive, options.Tty);
        }

        using var raw = options.Tty && options.Interactive && Terminal.IsTerminal(0) ? Terminal.MakeRaw(0) : null;
        try
        {
            var execId = await containers.CreateExecAsync(args.Positionals[0], options, cancellationToken).ConfigureAwait(false);
            return await containers.StartExecAsync(execId, StandardStreams.Input(), StandardStreams.Output(), StandardStreams.Error(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (CommandLaunchException.ExitCodeOf(e) is { } code)
        {
            await context.Error.WriteLineAsync("OCI runtime exec failed: " + e.Message).ConfigureAwait(false);
            return code is 126 or 127 ? code : 126;
        }
    }
}
