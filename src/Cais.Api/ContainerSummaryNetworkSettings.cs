namespace Cais.Api;

/// <summary>The networks of a container summary, in the order the container joined them.</summary>
public sealed record ContainerSummaryNetworkSettings
{
    public IReadOnlyDictionary<string, EndpointSettings>? Networks { get; init; }
}
