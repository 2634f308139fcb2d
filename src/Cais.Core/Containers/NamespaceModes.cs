using Cais.Common;

namespace Cais.Containers;

/// <summary>
/// The --pid, --ipc and --uts modes: which of them Docker accepts, their recorded spelling (HostConfig.PidMode,
/// IpcMode, UTSMode) and the options they exclude. Resolving the container a "container:" mode names is the
/// service's job; this class only reads the text.
/// </summary>
public static class NamespaceModes
{
    public const string ContainerPrefix = "container:";

    public const string Host = "host";

    public const string Private = "private";

    public const string Shareable = "shareable";

    public const string None = "none";

    /// <summary>--pid: "" (own namespace), "host" or "container:NAME|ID"; anything else is refused in Docker's words.</summary>
    public static string Pid(string? mode) => mode switch
    {
        null or "" => "",
        Host => Host,
        _ when ContainerTarget(mode) is { Length: > 0 } => mode,
        _ => throw EngineException.Invalid("--pid: invalid PID mode"),
    };

    /// <summary>--ipc: Docker's default is "private"; "container:" needs a name.</summary>
    public static string Ipc(string? mode) => mode switch
    {
        null or "" => Private,
        Private or Shareable or None or Host => mode,
        ContainerPrefix => throw EngineException.Invalid("can't join IPC of container : invalid name or ID supplied: \"\""),
        _ when ContainerTarget(mode) is { Length: > 0 } => mode,
        _ => throw EngineException.Invalid($"Invalid IPC mode: {mode}"),
    };

    /// <summary>--uts: "" (own namespace) or "host".</summary>
    public static string Uts(string? mode) => mode switch
    {
        null or "" => "",
        Host => Host,
        _ => throw EngineException.Invalid("--uts: invalid UTS mode"),
    };

    /// <summary>
    /// The host's UTS namespace has the host's names: Docker refuses a --hostname with it, and a --domainname cannot be
    /// set there either (Docker only fails when the runtime refuses the sysctl at start; we refuse at create).
    /// </summary>
    public static void CheckUtsConflicts(string utsMode, string? hostname, string? domainname)
    {
        if (utsMode != Host)
        {
            return;
        }

        if (!string.IsNullOrEmpty(hostname))
        {
            throw EngineException.Invalid("conflicting options: hostname and the UTS mode");
        }

        if (!string.IsNullOrEmpty(domainname))
        {
            throw EngineException.Invalid("conflicting options: domainname and the UTS mode");
        }
    }

    /// <summary>The NAME|ID of a "container:" mode, or null for any other mode.</summary>
    public static string? ContainerTarget(string mode)
    {
        ArgumentNullException.ThrowIfNull(mode);
        return mode.StartsWith(ContainerPrefix, StringComparison.Ordinal) ? mode[ContainerPrefix.Length..] : null;
    }
}
