namespace Cais.TestSupport;

/// <summary>The kind of a tar entry in a test layer.</summary>
public enum LayerEntryType
{
    File,
    Directory,
    Symlink,
    Hardlink,
    CharDevice,
    BlockDevice,
    Fifo,
}
