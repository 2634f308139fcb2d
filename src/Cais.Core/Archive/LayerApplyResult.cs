namespace Cais.Archive;

/// <summary>What applying one layer did.</summary>
/// <param name="EntryCount">Tar entries processed, whiteouts included.</param>
/// <param name="BytesWritten">Bytes of regular-file content written.</param>
/// <param name="LinkTargetBytes">Bytes of the symlinks' targets: a symlink's own size, which some counts include.</param>
public sealed record LayerApplyResult(long EntryCount, long BytesWritten, long LinkTargetBytes = 0);
