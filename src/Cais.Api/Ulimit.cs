namespace Cais.Api;

/// <summary>HostConfig.Ulimits entry.</summary>
public sealed record Ulimit
{
    public string Name { get; init; } = "";

    public long Hard { get; init; }

    public long Soft { get; init; }
}
