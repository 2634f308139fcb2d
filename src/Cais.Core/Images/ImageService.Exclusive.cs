namespace Cais.Images;

public sealed partial class ImageService
{
    /// <summary>
    /// The garbage-collection lock, exclusive: no pull or create is under way while it is held. A create holds it shared
    /// from before it makes the container's snapshot until its record exists, so under this hold a container snapshot
    /// without a record is one a dead process left.
    /// </summary>
    internal Task<Linux.FileLock> HoldExclusiveAsync(CancellationToken cancellationToken) =>
        Linux.FileLock.AcquireAsync(gcLockPath, exclusive: true, cancellationToken);
}
