namespace Cais.Cli.Completion;

/// <summary>The engine objects a word on a command line can name.</summary>
public enum ObjectKind
{
    None,

    /// <summary>Containers that are up (stop, kill, exec...).</summary>
    RunningContainers,

    /// <summary>Every container (rm, start, inspect, logs...).</summary>
    Containers,

    Images,

    Networks,

    Volumes,

    /// <summary>Any object <c>cais inspect</c> can show.</summary>
    Anything,
}
