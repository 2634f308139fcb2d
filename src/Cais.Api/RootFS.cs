namespace Cais.Api;

/// <summary>An image's layers, by diff ID.</summary>
public sealed record RootFS
{
    public string Type { get; init; } = "";

    public IReadOnlyList<string>? Layers { get; init; }
}
