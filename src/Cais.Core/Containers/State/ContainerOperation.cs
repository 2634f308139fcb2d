namespace Cais.Containers.State;

/// <summary>What a front door asks of a container; <see cref="ContainerTransitions"/> says whether its status allows it.</summary>
public enum ContainerOperation
{
    Start,
    Stop,
    Kill,
    Pause,
    Unpause,
    Remove,
    ForceRemove,
    Exec,
    Restart,
    Attach,
    Connect,
    Disconnect,

    /// <summary>Another container joins this one's network namespace (<c>--network container:THIS</c>).</summary>
    ShareNetworkNamespace,
}
