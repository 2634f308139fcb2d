using System.Text.Json;
using Cais.Api;
using Cais.Common;
using Cais.Content;
using Cais.Distribution;
using Cais.Metadata;
using Cais.Oci;
using Cais.Oci.Image;
using Cais.Snapshots;

namespace Cais.Images;

/// <summary>Image records and their behaviour: lookup by name or ID, tag, untag, delete with garbage collection.</summary>
public sealed partial class ImageService(ImageRepository images, ContainerRepository containers, ContentStore content, ISnapshotter snapshotter, string gcLockPath) : IImageService
{
    public const long MaxConfigSize = 8 << 20;

    public IReadOnlyList<(ImageRecord Image, IReadOnlyList<ImageName> Names)> List() => images.List();

    /// <summary>Resolves what a user typed: a name (normalized as Docker does), a full ID or an ID prefix.</summary>
    public ImageRecord? Find(string nameOrId)
    {
        if (TryNormalize(nameOrId) is { } normalized && images.Find(normalized) is { } byName)
        {
            return byName;
        }

        return images.Find(nameOrId);
    }

    public ImageRecord Get(string nameOrId) =>
        Find(nameOrId) ?? throw EngineException.NotFound(ImageReference.NoSuchImage(nameOrId));

    public IReadOnlyList<ImageName> NamesOf(string imageId) => images.NamesOf(imageId);

    public async Task<ImageConfig> ReadConfigAsync(ImageRecord image, CancellationToken cancellationToken)
    {
        var bytes = await content.ReadAllAsync(Digest.Parse(image.Id), MaxConfigSize, cancellationToken).ConfigureAwait(false);
        return ImageConfigDocument.Parse(bytes, image.Id);
    }

    public void Tag(string source, string target)
    {
        var image = Get(source);
        var reference = ImageReference.Parse(target);
        if (reference.Digest is not null)
        {
            throw EngineException.Invalid("refusing to create a tag with a digest reference");
        }

        images.AddName(new ImageName(reference.WithDefaultTag().ToString(), image.Id, IsDigest: false));
        Emit(Events.EventActions.Tag, image.Id, reference.WithDefaultTag().ToString());
    }

    /// <summary>
    /// Docker's rmi: a name that is one of several untags only; the last name (or the ID) deletes the image and every
    /// layer and blob nothing else uses. An image a container uses is refused unless forced, and then only untagged.
    /// </summary>
    private async Task<IReadOnlyList<ImageDeleteResponseItem>> RemoveAndReportAsync(string nameOrId, bool force, CancellationToken cancellationToken)
    {
        // The check for containers using the image, the deletion and the sweep are one step to a create (which holds
        // the lock shared until its record names the image): it either is seen here, or finds the image gone.
        using var gcLock = await Linux.FileLock.AcquireAsync(gcLockPath, exclusive: true, cancellationToken).ConfigureAwait(false);
        var image = Get(nameOrId);
        var names = images.NamesOf(image.Id);
        var normalized = TryNormalize(nameOrId);
        var byName = normalized is not null && names.Any(n => n.Name == normalized);
        var tags = names.Where(n => !n.IsDigest).ToList();
        var report = new List<ImageDeleteResponseItem>();
        var users = containers.IdsUsingImage(image.Id);

        if (byName && (tags.Count > 1 || (tags.Count == 1 && tags[0].Name != normalized)))
        {
            images.RemoveName(normalized!);
            report.Add(new ImageDeleteResponseItem { Untagged = Familiar(normalized!) });
            return report;
        }

        if (!byName && tags.Count > 1 && !force)
        {
            throw EngineException.Conflict($"conflict: unable to delete {ShortId(image.Id)} (must be forced) - image is referenced in multiple repositories");
        }

        if (users.Count > 0)
        {
            var running = users.Select(containers.GetById).FirstOrDefault(c => c is not null && c.State.Status.IsUp());
            if (running is not null)
            {
                throw EngineException.Conflict(
                    $"conflict: unable to {(byName ? $"remove repository reference \"{nameOrId}\" (must force)" : $"delete {ShortId(image.Id)} (cannot be forced)")} - " +
                    $"image is being used by running container {Ids.Short(running.Id)}");
            }

            if (!force)
            {
                throw EngineException.Conflict(
                    $"conflict: unable to {(byName ? $"remove repository reference \"{nameOrId}\"" : $"delete {ShortId(image.Id)}")} (must force) - " +
                    $"container {Ids.Short(users[0])} is using its referenced image {ShortId(image.Id)}");
            }

            // Forced while a stopped container uses it: untag, keep the image for that container (as Docker does).
            foreach (var name in names)
            {
                images.RemoveName(name.Name);
                report.Add(new ImageDeleteResponseItem { Untagged = Familiar(name.Name) });
            }

            return report;
        }

        foreach (var name in names)
        {
            images.RemoveName(name.Name);
            report.Add(new ImageDeleteResponseItem { Untagged = Familiar(name.Name) });
        }

        images.Delete(image.Id);
        report.Add(new ImageDeleteResponseItem { Deleted = image.Id });
        report.AddRange(Sweep().Select(chain => new ImageDeleteResponseItem { Deleted = chain }));
        return report;
    }

    /// <summary>
    /// A shared hold of the garbage-collection lock, which rmi takes exclusive: pulls hold it while they run, so a
    /// layer committed but not yet recorded is never swept, and creates until their record names the image.
    /// </summary>
    public Task<Linux.FileLock> HoldAsync(CancellationToken cancellationToken) =>
        Linux.FileLock.AcquireAsync(gcLockPath, exclusive: false, cancellationToken);

    /// <summary>
    /// Collects garbage only if no pull, create or removal is under way right now (null otherwise): used after a failed pull,
    /// which must not wait behind another long pull just to tidy up; whoever holds the lock leaves the store consistent.
    /// </summary>
    public IReadOnlyList<string>? TryCollectGarbage()
    {
        using var gcLock = Linux.FileLock.TryAcquire(gcLockPath, exclusive: true);
        return gcLock is null ? null : Sweep();
    }

    private List<string> Sweep()
    {
        var all = images.List();
        var liveChains = new HashSet<string>(StringComparer.Ordinal);
        var liveBlobs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (image, _) in all)
        {
            liveBlobs.Add(image.Id);
            liveBlobs.Add(image.ManifestDigest);
            if (image.IndexDigest is not null)
            {
                liveBlobs.Add(image.IndexDigest);
            }

            foreach (var layer in image.Layers)
            {
                liveChains.Add(layer.ChainId);
                liveBlobs.Add(layer.Digest);
            }
        }

        var deleted = new List<string>();
        foreach (var snapshot in snapshotter.Walk())
        {
            if (snapshot.Kind == SnapshotKind.Committed && !liveChains.Contains(snapshot.Name))
            {
                snapshotter.Remove(snapshot.Name);
                deleted.Add(snapshot.Name);
            }
        }

        foreach (var blob in content.List())
        {
            if (!liveBlobs.Contains(blob.ToString()))
            {
                content.Delete(blob);
            }
        }

        return deleted;
    }

    /// <summary>Docker's familiar form for output: "busybox:latest" rather than "docker.io/library/busybox:latest".</summary>
    public static string Familiar(string fullName)
    {
        try
        {
            return ImageReference.Parse(fullName).FamiliarString();
        }
        catch (EngineException)
        {
            return fullName;
        }
    }

    private static string? TryNormalize(string text)
    {
        try
        {
            var reference = ImageReference.Parse(text);
            return reference.Digest is null ? reference.WithDefaultTag().ToString() : reference.ToString();
        }
        catch (EngineException)
        {
            return null;
        }
    }

    private static string ShortId(string imageId) => Digest.Parse(imageId).Short;
}
