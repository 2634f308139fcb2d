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

    /// <summary>Docker's image list, filtered; unknown filters and images named by before/since that do not exist are refused in Docker's words.</summary>
    public async Task<IReadOnlyList<ImageSummary>> ListAsync(ImageListOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var filter = new ImageFilter(options.Filters, Find, DateTimeOffset.UtcNow);
        var listed = new List<ImageSummary>();
        foreach (var (image, names) in images.List())
        {
            var labels = filter.NeedsLabels ? (await ReadConfigAsync(image, cancellationToken).ConfigureAwait(false)).Config?.Labels : null;
            if (filter.Matches(image, tagged: names.Any(n => !n.IsDigest), labels)
                && ImageSummaries.Build(image, names, filter.WantsNames ? filter.KeepsName : null, labels) is { } summary)
            {
                listed.Add(summary);
            }
        }

        return listed;
    }
}
