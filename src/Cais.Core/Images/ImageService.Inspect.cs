using Cais.Api;
using Cais.Images.Inspect;
using Cais.Images.Listing;

namespace Cais.Images;

/// <summary>The image service's Docker-shaped reads: inspect and the image list.</summary>
public sealed partial class ImageService
{
    public async Task<ImageInspect> InspectAsync(string nameOrId, CancellationToken cancellationToken)
    {
        var image = Get(nameOrId);
        var config = await ReadConfigAsync(image, cancellationToken).ConfigureAwait(false);
        return ImageInspection.Build(image, images.NamesOf(image.Id), config, snapshotter.Driver);
    }

    public IReadOnlyList<ImageSummary> ListSummaries(string? reference) =>
        [.. images.List().Select(i => ImageSummaries.Build(i.Image, i.Names, reference)).OfType<ImageSummary>()];
}
