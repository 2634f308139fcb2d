namespace Cais.Snapshots;

/// <summary>How to commit an active snapshot.</summary>
/// <param name="Parent">
/// The parent to record instead of the one the snapshot was prepared on: a rebase, allowed only where
/// <see cref="ISnapshotter.SupportsRebase"/> (a snapshot prepared without a parent then takes its place in a chain).
/// </param>
/// <param name="Size">Bytes already counted by whoever wrote the files (the layer applier); measured otherwise.</param>
public sealed record CommitOptions(string? Parent = null, long? Size = null);
