using Cais.Api;
using Cais.Metadata;
using Cais.Oci.Image;

namespace Cais.Images;

/// <summary>
/// The images front door: what the CLI and the API service do with images. Implemented once, by
/// <see cref="ImageService"/>.
/// </summary>
public interface IImageService
{
    IReadOnlyList<(ImageRecord Image, IReadOnlyList<ImageName> Names)> List();

    ImageRecord? Find(string nameOrId);

    /// <summary>The image, or NotFound in Docker's words ("No such image: x").</summary>
    ImageRecord Get(string nameOrId);

    IReadOnlyList<ImageName> NamesOf(string imageId);

    Task<ImageConfig> ReadConfigAsync(ImageRecord image, CancellationToken cancellationToken);

    void Tag(string source, string target);

    /// <summary>Docker's rmi: untags, deletes what nothing uses any more, and returns Docker's report.</summary>
    Task<IReadOnlyList<ImageDeleteResponseItem>> RemoveAsync(string nameOrId, bool force, CancellationToken cancellationToken);

    /// <summary>Docker's image inspect document, or NotFound ("No such image: x").</summary>
    Task<ImageInspect> InspectAsync(string nameOrId, CancellationToken cancellationToken);


    /// <summary>Pulls an image (the host's platform unless given) and records it; a failed pull leaves nothing behind.</summary>
    Task<PullResult> PullAsync(string name, Platform? platform, IProgress<PullProgressEvent>? progress, CancellationToken cancellationToken);

    /// <summary>Docker's image list (GET /images/json), filtered as Docker filters it.</summary>
    Task<IReadOnlyList<ImageSummary>> ListAsync(ImageListOptions options, CancellationToken cancellationToken);
}
