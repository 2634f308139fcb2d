namespace Cais.Api;

/// <summary>HostConfig.RestartPolicy.</summary>
public sealed record RestartPolicy
{
    public string Name { get; init; } = "";

    public int MaximumRetryCount { get; init; }
}
