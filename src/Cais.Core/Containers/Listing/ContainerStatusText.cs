using System.Globalization;
using Cais.Common;
using Cais.Metadata;

namespace Cais.Containers.Listing;

/// <summary>Docker's status text of a container, which its daemon computes: "Up 5 seconds", "Exited (0) 3 seconds ago", "Created".</summary>
public static class ContainerStatusText
{
    public static string Of(ContainerStateRecord state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Status switch
        {
            ContainerStatus.Running => "Up " + HumanDuration.Format(now - (state.StartedAt ?? now)),
            ContainerStatus.Paused => "Up " + HumanDuration.Format(now - (state.StartedAt ?? now)) + " (Paused)",
            ContainerStatus.Exited => string.Create(CultureInfo.InvariantCulture,
                $"Exited ({state.ExitCode}) {HumanDuration.Format(now - (state.FinishedAt ?? now))} ago"),
            ContainerStatus.Created => "Created",
            var other => char.ToUpperInvariant(other.ToDockerName()[0]) + other.ToDockerName()[1..],
        };
    }
}
