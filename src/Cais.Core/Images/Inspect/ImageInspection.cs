using Cais.Api;
using Cais.Common;
using Cais.Metadata;
using OciImageConfig = Cais.Oci.Image.ImageConfig;

namespace Cais.Images.Inspect;

/// <summary>Docker's image inspect document from an image's record, names and config: the one place its fields are decided.</summary>
public static class ImageInspection
{
    public static ImageInspect Build(ImageRecord image, IReadOnlyList<ImageName> names, OciImageConfig config, string storageDriver)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(config);
        var defaults = config.Config;
        return new ImageInspect
        {
            Id = image.Id,
            RepoTags = [.. names.Where(n => !n.IsDigest).Select(n => ImageService.Familiar(n.Name))],
            RepoDigests = [.. names.Where(n => n.IsDigest).Select(n => ImageService.Familiar(n.Name))],
            Comment = config.History?.LastOrDefault()?.Comment ?? "",
            Created = config.Created is { } created ? GoTime.Format(created) : null,
            Author = config.Author ?? "",
            // Docker 28 (API 1.50) prints the image's own config, every empty field left out.
            Config = new ImageInspectConfig
            {
                User = NullIfEmpty(defaults?.User),
                ExposedPorts = Set(defaults?.ExposedPorts?.Keys),
                Env = NullIfEmpty(defaults?.Env),
                Entrypoint = NullIfEmpty(defaults?.Entrypoint),
                Cmd = NullIfEmpty(defaults?.Cmd),
                Volumes = Set(defaults?.Volumes?.Keys),
                WorkingDir = NullIfEmpty(defaults?.WorkingDir),
                Labels = defaults?.Labels is { Count: > 0 } labels ? labels : null,
                StopSignal = NullIfEmpty(defaults?.StopSignal),
            },
            Architecture = image.Architecture,
            Variant = image.Variant,
            Os = image.Os,
            Size = image.Size,
            GraphDriver = new GraphDriverData { Name = Snapshots.StorageDriverNames.Docker(storageDriver) },
            RootFS = new RootFS { Type = "layers", Layers = [.. image.Layers.Select(l => l.DiffId)] },
            Metadata = new ImageMetadata { LastTagTime = GoTime.Format(image.Pulled) },
            Descriptor = new OciDescriptor { MediaType = image.ManifestMediaType, Digest = image.ManifestDigest },
        };
    }

    private static Dictionary<string, Api.EmptyObject>? Set(IEnumerable<string>? keys) =>
        keys is null || !keys.Any() ? null : keys.ToDictionary(k => k, _ => new Api.EmptyObject(), StringComparer.Ordinal);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static IReadOnlyList<string>? NullIfEmpty(IReadOnlyList<string>? values) => values is null || values.Count == 0 ? null : values;
}
