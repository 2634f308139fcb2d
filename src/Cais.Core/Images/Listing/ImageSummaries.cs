using Cais.Api;
using Cais.Distribution;
using Cais.Metadata;

namespace Cais.Images.Listing;

/// <summary>An image's entry of the image list (Docker's /images/json), with the names a reference filter keeps.</summary>
public static class ImageSummaries
{
    /// <summary>The summary, or null when <paramref name="keepName"/> is given and keeps none of the image's names.</summary>
    /// <param name="image">The image.</param>
    /// <param name="names">Its names.</param>
    /// <param name="keepName">
    /// Which names (tags and digests alike) stay listed, when a reference filter narrows the list; an image left with
    /// none, or with none to start with, is not listed.
    /// </param>
    /// <param name="labels">The image config's labels, when read.</param>
    public static ImageSummary? Build(ImageRecord image, IReadOnlyList<ImageName> names, Func<ImageReference, bool>? keepName, IReadOnlyDictionary<string, string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(names);
        var tags = names.Where(n => !n.IsDigest).Select(n => ImageReference.Parse(n.Name)).ToList();
        var digests = names.Where(n => n.IsDigest).Select(n => ImageReference.Parse(n.Name)).ToList();
        if (keepName is not null)
        {
            tags = [.. tags.Where(keepName)];
            digests = [.. digests.Where(keepName)];
            if (tags.Count == 0 && digests.Count == 0)
            {
                return null;
            }
        }

        return new ImageSummary
        {
            Id = image.Id,
            RepoTags = [.. tags.Select(t => t.FamiliarString())],
            RepoDigests = [.. digests.Select(d => d.FamiliarString())],
            Created = image.Created.ToUnixTimeSeconds(),
            Size = image.Size,
            Labels = labels,
        };
    }
}
