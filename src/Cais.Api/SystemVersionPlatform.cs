namespace Cais.Api;

/// <summary>The product name in GET /version (Docker: "Docker Engine - Community").</summary>
public sealed record SystemVersionPlatform
{
    public string Name { get; init; } = "";
}
