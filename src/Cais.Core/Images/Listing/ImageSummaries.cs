using Cais.Api;
using Cais.Distribution;
using Cais.Metadata;

namespace Cais.Images.Listing;

/// <summary>An image's entry of the image list (Docker's /images/json), and the REPOSITORY[:TAG] the list may be narrowed to.</summary>
public static class ImageSummaries
{
    /// <summary>The summary, or null when <paramref name="reference"/> is given and none of the image's names match it.</summary>
    /// <param name="image">The image.</param>
    /// <param name="names">Its names.</param>
    /// <param name="reference">
    /// REPOSITORY or REPOSITORY:TAG in familiar form; the summary then keeps only the names that match (a tagged image
    /// by its tags, an untagged one by its digests).
    /// </param>
    public static ImageSummary? Build(ImageRecord image, IReadOnlyList<ImageName> names, string? reference)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(names);
        var tags = names.Where(n => !n.IsDigest).Select(n => ImageReference.Parse(n.Name)).ToList();
        var digests = names.Where(n => n.IsDigest).Select(n => ImageReference.Parse(n.Name)).ToList();
        if (reference is not null)
        {
            if (tags.Count > 0)
            {
                tags = [.. tags.Where(t => Matches(reference, t.FamiliarName, t.Tag ?? "<none>"))];
                if (tags.Count == 0)
                {
                    return null;
                }
            }
            else if (digests.Count > 0)
            {
                digests = [.. digests.Where(d => Matches(reference, d.FamiliarName, "<none>"))];
                if (digests.Count == 0)
                {
                    return null;
                }
            }
            else if (!Matches(reference, "<none>", "<none>"))
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
        };
    }

    private static bool Matches(string reference, string repository, string tag)
    {
        var colon = reference.LastIndexOf(':');
        var slash = reference.LastIndexOf('/');
        return colon > slash ? repository == reference[..colon] && tag == reference[(colon + 1)..] : repository == reference;
    }
}
