namespace Cais.Containers;

/// <summary>The directories the container service works in (given by the composition root).</summary>
public sealed record ContainerPaths(string DataRoot, string RunRoot, string ExitDir, string Locks)
{
    /// <summary>Per-container persistent files: log, hostname, hosts, resolv.conf.</summary>
    public string ContainerData(string id) => Path.Combine(DataRoot, id);

    /// <summary>Per-container runtime files: bundle (config.json), pid files, conmon sockets.</summary>
    public string ContainerRun(string id) => Path.Combine(RunRoot, id);
}
