using Microsoft.Win32.SafeHandles;

namespace Cais.Linux;

/// <summary>Reads how much space is left on a filesystem (the OS seam, so tests can make a disk look full).</summary>
public interface IFileSystemSpaceProbe
{
    /// <summary>The filesystem holding <paramref name="handle"/> (any open file or directory on it).</summary>
    FileSystemSpace Query(SafeFileHandle handle);
}
