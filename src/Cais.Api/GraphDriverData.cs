namespace Cais.Api;

/// <summary>The storage driver of a container or image, and its driver-specific data.</summary>
public sealed record GraphDriverData
{
    public IReadOnlyDictionary<string, string>? Data { get; init; }

    public string Name { get; init; } = "";
}
