namespace Cais.Metadata;

/// <summary>A pulled image: its ID (the config digest), where it came from, and its layers in order.</summary>
public sealed record ImageRecord
{
    public required string Id { get; init; }

    public required string ManifestDigest { get; init; }

    public required string ManifestMediaType { get; init; }

    /// <summary>The index (manifest list) the manifest was chosen from, when there was one.</summary>
    public string? IndexDigest { get; init; }

    public required IReadOnlyList<LayerRecord> Layers { get; init; }

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset Pulled { get; init; }

    public string Os { get; init; } = "linux";

    public string Architecture { get; init; } = "";

    public string? Variant { get; init; }

    /// <summary>Uncompressed size of all layers, as Docker reports image size.</summary>
    public long Size { get; init; }

    /// <summary>The chain ID of the top layer: the snapshot a container of this image starts from.</summary>
    public string? TopChainId => Layers.Count == 0 ? null : Layers[^1].ChainId;
}

/// <summary>One layer: the compressed blob in the content store and the snapshot it unpacks to.</summary>
public sealed record LayerRecord(string Digest, long Size, string MediaType, string DiffId, string ChainId, long UnpackedSize);
