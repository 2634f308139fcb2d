using System.Text.Json;
using Cais.Common;
using Cais.Oci;
using Cais.Oci.Image;

namespace Cais.Distribution;

/// <summary>A manifest or index exactly as the registry served it, with its verified digest.</summary>
public sealed record FetchedManifest(string MediaType, byte[] Bytes, Digest Digest)
{
    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    public bool IsManifest => MediaTypes.IsManifest(MediaType);

    /// <summary>A descriptor pointing at these bytes, as a parent index would carry it.</summary>
    public Descriptor ToDescriptor() => new() { MediaType = MediaType, Digest = Digest.ToString(), Size = Bytes.LongLength };

    public ImageIndex ParseIndex() =>
        IsIndex ? ParseIndex(Bytes) : throw EngineException.Invalid($"{Digest} is a {MediaType}, not an image index");

    public ImageManifest ParseManifest() =>
        IsManifest ? ParseManifest(Bytes) : throw EngineException.Invalid($"{Digest} is a {MediaType}, not an image manifest");

    /// <summary>Parses and checks an index: a registry's bytes are untrusted, so nulls and wrong types are refused here.</summary>
    public static ImageIndex ParseIndex(byte[] bytes)
    {
        var index = Deserialize(bytes, OciJsonContext.Default.ImageIndex, "image index");
        if (index.Manifests is null)
        {
            throw EngineException.Invalid("invalid image index: it has no \"manifests\" list");
        }

        foreach (var entry in index.Manifests)
        {
            DescriptorCheck.Validate(entry, "image index entry");
        }

        return index;
    }

    /// <summary>Parses and checks a manifest: config and every layer must be well-formed descriptors.</summary>
    public static ImageManifest ParseManifest(byte[] bytes)
    {
        var manifest = Deserialize(bytes, OciJsonContext.Default.ImageManifest, "image manifest");
        DescriptorCheck.Validate(manifest.Config, "image manifest config");
        if (manifest.Layers is null)
        {
            throw EngineException.Invalid("invalid image manifest: it has no \"layers\" list");
        }

        foreach (var layer in manifest.Layers)
        {
            DescriptorCheck.Validate(layer, "image manifest layer");
        }

        return manifest;
    }

    private static T Deserialize<T>(byte[] bytes, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, info) ?? throw EngineException.Invalid($"invalid {what}: null document");
        }
        catch (JsonException e)
        {
            throw new EngineException(ErrorKind.InvalidArgument, $"invalid {what}: {e.Message}", e);
        }
    }
}
