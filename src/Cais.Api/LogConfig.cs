namespace Cais.Api;

/// <summary>HostConfig.LogConfig: the log driver and its options.</summary>
public sealed record LogConfig
{
    public string Type { get; init; } = "";

    public IReadOnlyDictionary<string, string>? Config { get; init; }
}
