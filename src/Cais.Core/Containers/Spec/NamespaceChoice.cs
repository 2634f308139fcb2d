namespace Cais.Containers.Spec;

/// <summary>
/// Where one of the container's namespaces (pid, ipc, uts) comes from: a new one (the default), the host's (no
/// namespace in the spec), or another container's, joined by path (/proc/PID/ns/TYPE).
/// </summary>
public sealed record NamespaceChoice(bool Host, string? Path)
{
    public static NamespaceChoice Own { get; } = new(false, null);

    public static NamespaceChoice OfHost { get; } = new(true, null);

    public static NamespaceChoice Join(string path) => new(false, path);
}
