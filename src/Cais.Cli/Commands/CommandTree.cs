using Cais.Cli.CommandLine;
using Cais.Cli.Commands.Containers;
using Cais.Cli.Commands.Images;
using Cais.Cli.Commands.Inspect;
using Cais.Cli.Commands.Networks;
using Cais.Cli.Commands.SystemCommands;

namespace Cais.Cli.Commands;

/// <summary>Every command, in one place: top-level verbs as Docker has them plus the image/container groups.</summary>
public static class CommandTree
{
    public static CommandSpec Build() => new("cais", "A container engine: Docker's commands, daemonless")
    {
        Usage = "cais [OPTIONS] COMMAND",
        Options = GlobalOptions.All,
        Subcommands =
        [
            RunCommand.Spec(),
            ExecCommand.Spec(),
            PsCommand.Spec(),
            PullCommand.Spec(),
            ImagesCommand.Spec(),
            LoginCommand.Spec(),
            LogoutCommand.Spec(),
            VersionCommand.Spec(),
            CreateCommand.Spec(),
            StartCommand.Spec(),
            StopCommand.Spec(),
            KillCommand.Spec(),
            RmCommand.Spec(),
            RmiCommand.Spec(),
            LogsCommand.Spec(),
            WaitCommand.Spec(),
            TagCommand.Spec(),
            PortCommand.Spec(),
            InspectCommand.Spec("inspect", InspectCommand.Kind.Any),
            new CommandSpec("container", "Manage containers")
            {
                Usage = "cais container COMMAND",
                Subcommands =
                [
                    CreateCommand.Spec(), ExecCommand.Spec() with { IsCommon = false }, InspectCommand.Spec("inspect", InspectCommand.Kind.Container),
                    KillCommand.Spec(), LogsCommand.Spec(), PsCommand.Spec("ls"), RmCommand.Spec("rm"), RunCommand.Spec() with { IsCommon = false },
                    StartCommand.Spec(), StopCommand.Spec(), WaitCommand.Spec(), CleanupCommand.Spec(), PortCommand.Spec() with { IsCommon = false },
                ],
            },
            NetworkCommand.Spec(),
            new CommandSpec("image", "Manage images")
            {
                Usage = "cais image COMMAND",
                Subcommands =
                [
                    InspectCommand.Spec("inspect", InspectCommand.Kind.Image), ImagesCommand.Spec("ls"),
                    PullCommand.Spec("pull"), RmiCommand.Spec("rm"), TagCommand.Spec(),
                ],
            },
            new CommandSpec("system", "Manage Cais")
            {
                Usage = "cais system COMMAND",

                // Hidden while its only commands are hidden ones (the resolver, reconciliation).
                Hidden = true,
                Subcommands = [DnsCommand.Spec(), ReconcileCommand.Spec()],
            },
            Completion.CompletionCommand.Spec(),
            .. Completion.CompletionCommand.CallbackSpecs(),
        ],
    };
}
