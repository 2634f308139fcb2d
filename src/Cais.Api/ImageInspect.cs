using System.Text.Json.Serialization;

namespace Cais.Api;

/// <summary>GET /images/{name}/json, and what <c>inspect</c> prints for an image.</summary>
public sealed record ImageInspect
{
    public string Id { get; init; } = "";

    /// <summary>Familiar names: "busybox:latest".</summary>
    public IReadOnlyList<string>? RepoTags { get; init; }

    public IReadOnlyList<string>? RepoDigests { get; init; }

    public string Parent { get; init; } = "";

    public string Comment { get; init; } = "";

    /// <summary>Absent when the image's config carries no creation time.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Created { get; init; }

    public string DockerVersion { get; init; } = "";

    public string Author { get; init; } = "";

    public ImageInspectConfig? Config { get; init; }

    public string Architecture { get; init; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Variant { get; init; }

    public string Os { get; init; } = "";

    public long Size { get; init; }

    public GraphDriverData? GraphDriver { get; init; }

    public RootFS? RootFS { get; init; }

    public ImageMetadata? Metadata { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OciDescriptor? Descriptor { get; init; }
}
