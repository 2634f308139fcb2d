namespace Cais.Containers;

/// <summary>The directories the container service works in (given by the composition root).</summary>
public sealed record ContainerPaths(string DataRoot, string RunRoot, string ExitDir, string Locks)
{
    /// <summary>Per-container persistent files: log, hostname, hosts, resolv.conf.</summary>
    public string ContainerData(string id) => Path.Combine(DataRoot, id);

    /// <summary>Per-container runtime files: bundle (config.json), pid files, conmon sockets.</summary>
    public string ContainerRun(string id) => Path.Combine(RunRoot, id);

    /// <summary>Where network namespace files are bind-mounted (one per running container on a bridge network).</summary>
    public string NetnsDir { get; init; } = Path.Combine(RunRoot, "netns");

    /// <summary>
    /// Serializes host port allocation across cais processes; beside the per-container locks rather than among them,
    /// because that directory holds one file per existing container.
    /// </summary>
    public string PortsLock { get; init; } = Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Locks)) ?? Locks, "ports.lock");

    /// <summary>Exec sessions, one directory each (runtime state, like the bundles: a reboot may wipe it).</summary>
    public string ExecRoot { get; init; } = Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(RunRoot)) ?? RunRoot, "exec");

    /// <summary>A container's network namespace file.</summary>
    public string Netns(string id) => Path.Combine(NetnsDir, id);
}
