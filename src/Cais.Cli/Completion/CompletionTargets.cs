namespace Cais.Cli.Completion;

/// <summary>
/// Which objects a command's arguments and flags name. Commands, subcommands and flags come from the command tree
/// itself; only this mapping of verbs to object kinds is written down, keyed by the command's name under its group so
/// that an alias path (<c>container rm</c>, <c>rm</c>) reads the same entry.
/// </summary>
internal static class CompletionTargets
{
    /// <summary>The kinds of the positional arguments, by position; the last entry repeats unless it is first-only.</summary>
    public static (IReadOnlyList<ObjectKind> Kinds, bool Repeats) Positionals(IReadOnlyList<string> path)
    {
        var verb = path[^1];
        var group = path.Count > 2 ? path[^2] : null;
        return (group, verb) switch
        {
            ("network", "rm" or "remove" or "inspect") => ([ObjectKind.Networks], true),
            ("network", "connect" or "disconnect") => ([ObjectKind.Networks, ObjectKind.Containers], false),
            ("network", _) => ([], false),
            ("image", "inspect" or "rm" or "remove" or "history" or "push" or "save") => ([ObjectKind.Images], true),
            ("image", "tag") => ([ObjectKind.Images], false),
            ("image", "pull") => ([], false),
            ("volume", "rm" or "remove" or "inspect") => ([ObjectKind.Volumes], true),
            ("volume", _) => ([], false),
            (_, "run" or "create") => ([ObjectKind.Images], false),
            (_, "exec" or "attach") => ([ObjectKind.RunningContainers], false),
            (_, "stop" or "kill" or "pause" or "top" or "stats") => ([ObjectKind.RunningContainers], true),
            (_, "rm" or "remove" or "start" or "restart" or "logs" or "wait" or "port" or "unpause" or "rename") => ([ObjectKind.Containers], true),
            ("container", "inspect") => ([ObjectKind.Containers], true),
            (_, "inspect") => ([ObjectKind.Anything], true),
            (_, "rmi") => ([ObjectKind.Images], true),
            (_, "tag") => ([ObjectKind.Images], false),
            _ => ([], false),
        };
    }

    /// <summary>The kind a flag's value names, or the fixed words it takes; (None, null) leaves the shell's file completion.</summary>
    public static (ObjectKind Kind, IReadOnlyList<string>? Words) FlagValues(string flagName) => flagName switch
    {
        "network" or "net" => (ObjectKind.Networks, null),
        "volumes-from" => (ObjectKind.Containers, null),
        "pull" => (ObjectKind.None, ["always", "missing", "never"]),
        "log-level" => (ObjectKind.None, ["debug", "info", "warn", "error", "fatal"]),
        "context" => (ObjectKind.None, [Commands.GlobalFlags.DefaultContext]),
        "type" => (ObjectKind.None, ["container", "image", "network", "volume"]),
        _ => (ObjectKind.None, null),
    };
}
