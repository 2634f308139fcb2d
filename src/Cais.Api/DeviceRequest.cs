namespace Cais.Api;

/// <summary>HostConfig.DeviceRequests entry: devices asked of a device driver (GPUs).</summary>
public sealed record DeviceRequest
{
    public string Driver { get; init; } = "";

    public int Count { get; init; }

    public IReadOnlyList<string>? DeviceIDs { get; init; }

    public IReadOnlyList<IReadOnlyList<string>>? Capabilities { get; init; }

    public IReadOnlyDictionary<string, string>? Options { get; init; }
}
