namespace Cais.Api;

/// <summary>One entry of a container's Mounts.</summary>
public sealed record MountPoint
{
    /// <summary>bind, volume or tmpfs.</summary>
    public string Type { get; init; } = "";

    public string Source { get; init; } = "";

    public string Destination { get; init; } = "";

    public string Mode { get; init; } = "";

    public bool RW { get; init; }

    public string Propagation { get; init; } = "";
}
