namespace Cais.Runtime;

/// <summary>runc state for one container. Pid is 0 once the container stopped.</summary>
public sealed record RuntimeState(string Id, RuntimeStatus Status, int Pid, string? Bundle);
