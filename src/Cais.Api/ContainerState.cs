namespace Cais.Api;

/// <summary>A container inspect document's State.</summary>
public sealed record ContainerState
{
    /// <summary>Docker's status name: created, running, paused, restarting, removing, exited or dead.</summary>
    public string Status { get; init; } = "";

    public bool Running { get; init; }

    public bool Paused { get; init; }

    public bool Restarting { get; init; }

    public bool OOMKilled { get; init; }

    public bool Dead { get; init; }

    public int Pid { get; init; }

    public int ExitCode { get; init; }

    public string Error { get; init; } = "";

    public string StartedAt { get; init; } = "";

    public string FinishedAt { get; init; } = "";
}
