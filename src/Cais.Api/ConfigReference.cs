namespace Cais.Api;

/// <summary>The network a config-only network takes its configuration from ("" for none).</summary>
public sealed record ConfigReference
{
    public string Network { get; init; } = "";
}
