namespace Cais.Linux;

/// <summary>Size of a filesystem and the bytes still available to write on it.</summary>
public readonly record struct FileSystemSpace(long TotalBytes, long AvailableBytes);
