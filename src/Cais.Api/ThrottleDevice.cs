namespace Cais.Api;

/// <summary>HostConfig.BlkioDevice*Bps/IOps entry: a block device's IO rate limit.</summary>
public sealed record ThrottleDevice
{
    public string Path { get; init; } = "";

    public ulong Rate { get; init; }
}
