namespace Cais.Api;

/// <summary>HostConfig.BlkioWeightDevice entry: a block device's relative IO weight.</summary>
public sealed record WeightDevice
{
    public string Path { get; init; } = "";

    public int Weight { get; init; }
}
