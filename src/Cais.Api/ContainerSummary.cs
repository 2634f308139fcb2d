using System.Text.Json.Serialization;

namespace Cais.Api;

/// <summary>One container of GET /containers/json, the data of a <c>ps</c> row (columns are the front door's).</summary>
public sealed record ContainerSummary
{
    public string Id { get; init; } = "";

    /// <summary>Names with Docker's leading "/".</summary>
    public IReadOnlyList<string>? Names { get; init; }

    /// <summary>The image as the user named it.</summary>
    public string Image { get; init; } = "";

    public string ImageID { get; init; } = "";

    /// <summary>Entrypoint and command, joined by spaces.</summary>
    public string Command { get; init; } = "";

    /// <summary>Unix seconds.</summary>
    public long Created { get; init; }

    public IReadOnlyList<Port>? Ports { get; init; }

    /// <summary>Bytes of the writable layer, filled only when the list was asked for sizes; 0 is left out, as Go's omitempty does.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long SizeRw { get; init; }

    /// <summary>The writable layer and its image's layers, in bytes; filled and left out like <see cref="SizeRw"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long SizeRootFs { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Docker's status name ("running").</summary>
    public string State { get; init; } = "";

    /// <summary>Docker's status text, computed by the engine: "Up 5 seconds", "Exited (0) 3 seconds ago", "Created".</summary>
    public string Status { get; init; } = "";

    public ContainerSummaryHostConfig? HostConfig { get; init; }

    public ContainerSummaryNetworkSettings? NetworkSettings { get; init; }

    public IReadOnlyList<MountPoint>? Mounts { get; init; }
}
