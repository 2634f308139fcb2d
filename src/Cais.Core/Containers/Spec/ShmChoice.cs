namespace Cais.Containers.Spec;

/// <summary>
/// The container's /dev/shm: its own tmpfs (the default), none at all (--ipc none), or a bind of a directory (the
/// host's /dev/shm for --ipc host, a shareable container's shm tmpfs for --ipc shareable and container:X).
/// </summary>
public sealed record ShmChoice(bool Absent, string? BindSource)
{
    public static ShmChoice OwnTmpfs { get; } = new(false, null);

    public static ShmChoice NoShm { get; } = new(true, null);

    public static ShmChoice Bind(string source) => new(false, source);
}
