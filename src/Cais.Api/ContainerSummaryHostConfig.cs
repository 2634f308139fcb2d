namespace Cais.Api;

/// <summary>The part of HostConfig a container summary carries.</summary>
public sealed record ContainerSummaryHostConfig
{
    public string NetworkMode { get; init; } = "";
}
