namespace Cais.Api;

/// <summary>One image of GET /images/json, the data of <c>images</c> rows (one row per tag is the front door's).</summary>
public sealed record ImageSummary
{
    public string Id { get; init; } = "";

    public string ParentId { get; init; } = "";

    /// <summary>Familiar names: "busybox:latest".</summary>
    public IReadOnlyList<string>? RepoTags { get; init; }

    /// <summary>Familiar names with digest: "busybox@sha256:...".</summary>
    public IReadOnlyList<string>? RepoDigests { get; init; }

    /// <summary>Unix seconds.</summary>
    public long Created { get; init; }

    public long Size { get; init; }

    public long SharedSize { get; init; } = -1;

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public long Containers { get; init; } = -1;
}
