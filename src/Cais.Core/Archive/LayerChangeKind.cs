namespace Cais.Archive;

public enum LayerChangeKind
{
    /// <summary>Added or modified: written as a tar entry from its source.</summary>
    Entry,

    /// <summary>Deleted: written as <c>.wh.NAME</c> beside it.</summary>
    Whiteout,

    /// <summary>A directory replacing the lower one's contents: <c>DIR/.wh..wh..opq</c>, after the directory's entry.</summary>
    Opaque,
}
