namespace Cais.Snapshots;

/// <summary>One snapshot: its name (committed) or key (active, view), its parent's name, and its kind.</summary>
public sealed record SnapshotInfo(string Name, string? Parent, SnapshotKind Kind);
