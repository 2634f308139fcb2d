using System.Text.Json.Serialization;

namespace Cais.Api;

/// <summary>GET /containers/{id}/json, and what <c>inspect</c> prints for a container: Docker's fields, in Docker's order.</summary>
public sealed record ContainerInspectResponse
{
    public string Id { get; init; } = "";

    /// <summary>Go's RFC3339Nano text, as every time in these documents.</summary>
    public string Created { get; init; } = "";

    public string Path { get; init; } = "";

    public IReadOnlyList<string>? Args { get; init; }

    public ContainerState? State { get; init; }

    public string Image { get; init; } = "";

    public string ResolvConfPath { get; init; } = "";

    public string HostnamePath { get; init; } = "";

    public string HostsPath { get; init; } = "";

    public string LogPath { get; init; } = "";

    /// <summary>The name with Docker's leading "/".</summary>
    public string Name { get; init; } = "";

    public int RestartCount { get; init; }

    public string Driver { get; init; } = "";

    public string Platform { get; init; } = "";

    public string MountLabel { get; init; } = "";

    public string ProcessLabel { get; init; } = "";

    public string AppArmorProfile { get; init; } = "";

    /// <summary>The container's exec sessions while they exist; null when it has none.</summary>
    public IReadOnlyList<string>? ExecIDs { get; init; }

    public HostConfig? HostConfig { get; init; }

    public GraphDriverData? GraphDriver { get; init; }

    /// <summary>Bytes of the container's writable layer: only when asked (<c>inspect --size</c>, the API's size=1), absent otherwise as in Docker.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? SizeRw { get; init; }

    /// <summary>The writable layer and its image's layers, in bytes: only when asked, like <see cref="SizeRw"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? SizeRootFs { get; init; }

    public IReadOnlyList<MountPoint>? Mounts { get; init; }

    public ContainerConfig? Config { get; init; }

    public NetworkSettings? NetworkSettings { get; init; }
}
