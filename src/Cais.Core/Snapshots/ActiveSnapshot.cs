namespace Cais.Snapshots;

/// <summary>Where an active snapshot or view lives: its directory, and the directory holding its files.</summary>
internal sealed record ActiveSnapshot(string Key, string Directory, string Data, string? Parent, SnapshotKind Kind, bool Transient)
{
    public string Sub(string name) => Path.Combine(Directory, name);
}
