namespace Cais.Snapshots;

public enum SnapshotKind
{
    /// <summary>Read-only, named by a chain ID; the parent of others.</summary>
    Committed,

    /// <summary>Writable, named by a key; may be committed.</summary>
    Active,

    /// <summary>Read-only, named by a key; never committed.</summary>
    View,
}
