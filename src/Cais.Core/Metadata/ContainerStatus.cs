using System.Text.Json.Serialization;

namespace Cais.Metadata;

/// <summary>
/// A container's status, with Docker's names (stored and shown lowercase: "created", "running", ...). The container
/// service decides the transitions; the record only stores the outcome.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ContainerStatus>))]
public enum ContainerStatus
{
    [JsonStringEnumMemberName("created")]
    Created,

    [JsonStringEnumMemberName("running")]
    Running,

    [JsonStringEnumMemberName("paused")]
    Paused,

    [JsonStringEnumMemberName("restarting")]
    Restarting,

    [JsonStringEnumMemberName("removing")]
    Removing,

    [JsonStringEnumMemberName("exited")]
    Exited,

    [JsonStringEnumMemberName("dead")]
    Dead,
}
