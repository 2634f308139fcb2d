namespace Cais.Snapshots;

/// <summary>
/// One snapshot: its name (committed) or key (active, view), its parent's name, its kind, and whether it is transient
/// (a layer some process is unpacking: never a container's, never an orphan to sweep).
/// </summary>
public sealed record SnapshotInfo(string Name, string? Parent, SnapshotKind Kind, bool Transient = false);
