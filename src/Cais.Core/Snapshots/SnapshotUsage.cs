namespace Cais.Snapshots;

/// <summary>Disk use of a snapshot's own files (not its parents').</summary>
public sealed record SnapshotUsage(long Size);
