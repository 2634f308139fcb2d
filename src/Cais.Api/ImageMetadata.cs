namespace Cais.Api;

/// <summary>Engine-side facts about an image.</summary>
public sealed record ImageMetadata
{
    public string LastTagTime { get; init; } = "";
}
