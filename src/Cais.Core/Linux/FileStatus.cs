using Cais.Linux.Interop;

namespace Cais.Linux;

/// <summary>The parts of statx(2) the engine needs, read without following a final symlink.</summary>
internal readonly record struct FileStatus(
    uint Mode,
    uint Uid,
    uint Gid,
    ulong Inode,
    uint DevMajor,
    uint DevMinor,
    uint RdevMajor,
    uint RdevMinor,
    uint LinkCount,
    long Size,
    long ModifiedSeconds,
    uint ModifiedNanoseconds)
{
    public uint Type => Mode & Libc.S_IFMT;

    /// <summary>Permission bits including setuid, setgid and sticky.</summary>
    public uint Permissions => Mode & 0xFFF;

    public bool IsDirectory => Type == Libc.S_IFDIR;

    public bool IsSymlink => Type == Libc.S_IFLNK;

    public bool IsRegularFile => Type == Libc.S_IFREG;

    public DateTimeOffset Modified =>
        DateTimeOffset.FromUnixTimeSeconds(ModifiedSeconds).AddTicks(ModifiedNanoseconds / 100);
}
