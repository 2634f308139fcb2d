namespace Cais.Containers;

/// <summary>What <see cref="IContainerService.ReconcileAsync"/> found and did, by container ID.</summary>
public sealed record ReconcileReport
{
    /// <summary>Up, with their monitor alive: a long-running service watches these for their exit.</summary>
    public IReadOnlyList<string> Adopted { get; init; } = [];

    /// <summary>Recorded up, but their monitor is dead or from another boot: now exited (or removed, with --rm).</summary>
    public IReadOnlyList<string> MarkedExited { get; init; } = [];

    /// <summary>Not up, but still naming processes or a network namespace that a dead process left: released.</summary>
    public IReadOnlyList<string> Released { get; init; } = [];

    /// <summary>Network namespaces, container snapshots and directories whose container record no longer exists.</summary>
    public IReadOnlyList<string> Orphans { get; init; } = [];
}
