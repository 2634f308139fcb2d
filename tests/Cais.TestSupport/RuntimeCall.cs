namespace Cais.TestSupport;

/// <summary>One call a <see cref="FakeContainerRuntime"/> received: the operation's name and the container it named
/// (for an exec resize, the exec's work directory).</summary>
public sealed record RuntimeCall(string Operation, string ContainerId, int Signal = 0);
