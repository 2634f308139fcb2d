namespace Cais.Metadata;

/// <summary>Docker's spelling of each <see cref="ContainerStatus"/>, for output, filters and the API.</summary>
public static class ContainerStatusNames
{
    public static IReadOnlyList<ContainerStatus> All { get; } = Enum.GetValues<ContainerStatus>();

    public static string ToDockerName(this ContainerStatus status) => status switch
    {
        ContainerStatus.Created => "created",
        ContainerStatus.Running => "running",
        ContainerStatus.Paused => "paused",
        ContainerStatus.Restarting => "restarting",
        ContainerStatus.Removing => "removing",
        ContainerStatus.Exited => "exited",
        ContainerStatus.Dead => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParse(string name, out ContainerStatus status)
    {
        foreach (var candidate in All)
        {
            if (candidate.ToDockerName() == name)
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    /// <summary>Running or paused: the container's processes exist (Docker's State.Running is true for both).</summary>
    public static bool IsUp(this ContainerStatus status) => status is ContainerStatus.Running or ContainerStatus.Paused;

    /// <summary>Exited or dead: the container's processes are gone and it holds nothing on the networks it joined.</summary>
    public static bool HasEnded(this ContainerStatus status) => status is ContainerStatus.Exited or ContainerStatus.Dead;
}
