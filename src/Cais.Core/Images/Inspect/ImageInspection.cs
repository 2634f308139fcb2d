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
            Created = GoTime.Format(config.Created),
            Author = config.Author ?? "",
            Config = new ImageInspectConfig
            {
                User = defaults?.User ?? "",
                ExposedPorts = Set(defaults?.ExposedPorts?.Keys),
                Env = defaults?.Env,
                Cmd = defaults?.Cmd,
                Volumes = Set(defaults?.Volumes?.Keys),
                WorkingDir = defaults?.WorkingDir ?? "",
                Entrypoint = defaults?.Entrypoint,
                Labels = defaults?.Labels,
                StopSignal = defaults?.StopSignal,
            },
            Architecture = image.Architecture,
            Variant = image.Variant,
            Os = image.Os,
            Size = image.Size,
            GraphDriver = new GraphDriverData { Name = storageDriver },
            RootFS = new RootFS { Type = "layers", Layers = [.. image.Layers.Select(l => l.DiffId)] },
            Metadata = new ImageMetadata { LastTagTime = GoTime.Format(image.Pulled) },
            Descriptor = new OciDescriptor { MediaType = image.ManifestMediaType, Digest = image.ManifestDigest },
        };
    }

    private static Dictionary<string, Api.EmptyObject>? Set(IEnumerable<string>? keys) =>
        keys?.ToDictionary(k => k, _ => new Api.EmptyObject(), StringComparer.Ordinal);
}
