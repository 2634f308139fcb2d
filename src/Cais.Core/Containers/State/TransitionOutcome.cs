namespace Cais.Containers.State;

/// <summary>What <see cref="ContainerTransitions.Decide"/> says of an operation in a given status.</summary>
public enum TransitionOutcome
{
    /// <summary>The operation runs.</summary>
    Proceed,

    /// <summary>Nothing to do, and no error (Docker's 304: starting a running container, stopping a stopped one).</summary>
    AlreadyDone,

    /// <summary>Refused with Docker's words (<see cref="ContainerTransitions.Refusal"/>).</summary>
    Refused,
}
