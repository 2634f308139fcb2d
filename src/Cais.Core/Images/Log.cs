using Cais.Common;
using Cais.Distribution;
using Cais.Oci.Image;
using Microsoft.Extensions.Logging;

namespace Cais.Images;

/// <summary>The images module's log events (pull). Event ids 1000-1099 (docs/CONVENTIONS.md lists the ranges).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "pull {Reference}: platform {Platform}")]
    public static partial void PullStarted(ILogger logger, ImageReference reference, Platform platform);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "pull {Reference}: manifest {Digest} ({MediaType}), {Layers} layers")]
    public static partial void ManifestResolved(ILogger logger, ImageReference reference, Digest digest, string mediaType, int layers);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "pull {Reference}: layer {Digest} already unpacked")]
    public static partial void LayerPresent(ILogger logger, ImageReference reference, string digest);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "pull {Reference}: fetching layer {Digest} from byte {Offset} of {Size}")]
    public static partial void LayerFetching(ILogger logger, ImageReference reference, string digest, long offset, long size);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "pull {Reference}: image {ImageId} in {ElapsedMs} ms (up to date: {UpToDate})")]
    public static partial void PullFinished(ILogger logger, ImageReference reference, string imageId, long elapsedMs, bool upToDate);
}
